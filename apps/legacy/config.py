"""Travel0 Classic's settings: code defaults, then ``LEGACY_*`` variables, then overrides.

Read inside the factory, never at import time. Unlike the apps of the new platform it has
no tenant client of its own: it is the legacy system the tenant migrates users from.
"""

from __future__ import annotations

import os
import secrets

PREFIX = "LEGACY_"
DEFAULTS = {
    "DATABASE_URL": "sqlite:///.cookbook/legacy.db",
    "SECRET_KEY": None,  # random per start when unset
    # The tenant's shared secret for /api/*; unset, the API answers 503 to everyone.
    "API_SECRET": None,
    # Who may call /api/* at all (the firewall): the tenant's outbound addresses. The mock
    # tenant calls from this machine; Auth0 from its region's published IPs (docs/migration.md).
    "ALLOWED_IPS": "127.0.0.0/8,::1",
    "PBKDF2_ITERATIONS": 36000,  # for hashes written from now on; stored ones keep theirs
    "SEED": True,  # put the demo members in an empty database (apps/legacy/seed.yaml)
    "APP_NAME": "Travel0 Classic",
    "NEW_APP_URL": "http://localhost:5000",  # the new Travel0, for the "we have moved" banner
    "MIGRATION_CONNECTION": "Travel0-Classic",  # the tenant connection members move to
    "SESSION_COOKIE_NAME": "legacy_session",
    "MAX_CONTENT_LENGTH": 16384,
}


def load_config(app, overrides: dict | None = None, environ=None) -> None:
    """Fill ``app.config`` from the defaults, the environment and ``overrides``."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        raw = environ.get(PREFIX + key)
        if raw is not None:
            config[key] = _coerce(raw, default)
    config.update(overrides or {})
    config["SECRET_KEY"] = config["SECRET_KEY"] or secrets.token_hex(32)
    config["NEW_APP_URL"] = str(config["NEW_APP_URL"]).rstrip("/")
    app.config.update(config)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")


def _coerce(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    return raw
