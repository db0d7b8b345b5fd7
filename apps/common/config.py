"""Configuration of a web app: code defaults, then prefixed environment variables, then overrides.

Read inside each app factory, never at import time, so tests and several apps in one process
each get their own settings.
"""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlsplit

# Keys every service honours without its prefix when the prefixed one is unset.
UNPREFIXED_FALLBACKS = ("AUTH0_DOMAIN",)
# Keys a web app cannot start without: the tenant's client (apps may require more).
REQUIRED = ("AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET")


def load_config(app, prefix: str, defaults: dict, overrides: dict | None = None,
                required: tuple[str, ...] = REQUIRED) -> None:
    """Fill ``app.config`` from ``defaults``, ``<prefix><KEY>`` env vars, then ``overrides``;
    refuse to start when a ``required`` key has no value."""
    config = dict(defaults)
    for key, default in defaults.items():
        raw = os.environ.get(prefix + key)
        if raw is None and key in UNPREFIXED_FALLBACKS:
            raw = os.environ.get(key)
        if raw is not None:
            config[key] = _coerce(raw, default)
    config.update(overrides or {})
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secrets.token_hex(32)
    config["AUTH0_BASE_URL"] = auth0_base_url(config["AUTH0_DOMAIN"])
    config["AUTH0_ISSUER"] = config["AUTH0_BASE_URL"] + "/"
    if config.get("BASE_URL"):
        config["BASE_URL"] = config["BASE_URL"].rstrip("/")
    missing = [k for k in required if not config.get(k)]
    if missing:
        names = ", ".join(prefix + k for k in missing)
        raise RuntimeError(f"{names} must be set: copy them from the tenant's applications")
    app.config.update(config)


def auth0_base_url(domain: str) -> str:
    """``acme.us.auth0.com`` -> ``https://acme.us.auth0.com``; a full URL keeps its scheme."""
    domain = domain.strip().rstrip("/")
    if "://" not in domain:
        domain = "https://" + domain
    parts = urlsplit(domain)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RuntimeError(f"AUTH0_DOMAIN is neither a domain nor an http(s) URL: {domain!r}")
    return domain


def _coerce(raw: str, default):
    """Environment values are strings; follow the type of the code default."""
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, tuple):  # a comma-separated list
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw
