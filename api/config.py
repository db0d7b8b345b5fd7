"""Configuration of the API: code defaults, then ``API_*`` variables, then overrides."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

PREFIX = "API_"


def _defaults() -> dict:
    return {
        "AUTH0_DOMAIN": "http://127.0.0.1:4000",
        "AUDIENCE": "https://api.cookbook.local/",
        "DATABASE_URL": "sqlite:///.cookbook/api.db",
        "JWKS_CACHE_TTL": 600,  # seconds a fetched JWKS is trusted before a scheduled refetch
        "JWKS_MIN_REFETCH_INTERVAL": 10,  # seconds between unscheduled fetches (unknown kid, retry)
        "JWKS_FETCH_TIMEOUT": 5,  # seconds for one HTTP fetch of the JWKS
        "JWKS_FETCH": None,  # tests: a callable ``url -> dict`` replacing the HTTP fetch
        "MAX_CONTENT_LENGTH": 16 * 1024,  # request bodies are tiny JSON documents
    }


def normalize_domain(value: str) -> str:
    """Turn ``acme.us.auth0.com`` or ``http://127.0.0.1:4000/`` into a base URL, no slash."""
    value = (value or "").strip()
    if not value:
        raise ValueError("AUTH0_DOMAIN is empty")
    if "://" not in value:
        value = f"https://{value}"
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"AUTH0_DOMAIN is not a domain or http(s) URL: {value!r}")
    return value.rstrip("/")


def load_config(overrides: dict | None = None, environ=None) -> dict:
    """Resolve the API's settings; nothing here is read at import time."""
    environ = os.environ if environ is None else environ
    config = _defaults()
    for key, default in config.items():
        raw = environ.get(PREFIX + key)
        if key == "AUTH0_DOMAIN" and raw is None:
            raw = environ.get("AUTH0_DOMAIN")  # the unprefixed name every service honours
        if raw is not None and key != "JWKS_FETCH":
            config[key] = int(raw) if isinstance(default, int) else raw
    config.update(overrides or {})
    base_url = normalize_domain(config["AUTH0_DOMAIN"])
    config["ISSUER"] = base_url + "/"
    config["JWKS_URL"] = f"{base_url}/.well-known/jwks.json"
    return config
