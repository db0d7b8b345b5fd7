"""Configuration of one mock tenant: code defaults, then ``MOCK_IDP_*`` variables, then overrides."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from .credentials import DEFAULT_SEED

PREFIX = "MOCK_IDP_"


def _defaults() -> dict:
    return {
        "TENANT_DIR": "tenants/main",
        "ENV": "dev",
        "KEYWORDS": {},
        "PUBLIC_URL": "http://127.0.0.1:4000",
        "DATABASE_URL": None,  # derived from the tenant name when unset
        "SECRET_KEY": secrets.token_hex(32),
        "BCRYPT_ROUNDS": 10,
        "CONTROL_PLANE": True,
        "SESSION_COOKIE": None,  # derived from the tenant name when unset
        "CREDENTIAL_SEED": DEFAULT_SEED,
        "TRANSACTION_TTL": 3600,
        "CODE_TTL": 60,
        "ACTIONS_TIMEOUT_MS": 5000,  # time limit of one trigger's Actions (Auth0: 20 s)
        "ACTIONS_MEMORY_MB": 64,  # V8 heap cap of one Action execution
        "CUSTOM_DB_TIMEOUT_MS": 5000,  # one database action script with its HTTP calls
        "MGMT_RATE_LIMIT": 50,  # Management API token bucket size per client (burst)
        "MGMT_RATE_REFILL": 15,  # tokens a second the bucket regains
        "MGMT_MAX_BODY": 1048576,  # largest JSON body /api/v2 accepts (bytes)
        "MGMT_IMPORT_MAX_BYTES": 512000,  # largest users-imports file (Auth0: 500 KB)
        "TICKET_TTL": 432000,  # default lifetime of tickets (Auth0: 5 days)
        "BREACHED_PASSWORDS_FILE": "",  # "" = mock_idp/protection/breached_passwords.txt
        "MAILER": "auto",  # auto: SMTP with an emailProvider, else the in-database outbox
        "MAILBOX_URL": "http://127.0.0.1:2580",  # the mail sink's API (the outbox reads it)
        "SMTP_TIMEOUT": 10,  # seconds for one SMTP delivery
        "OUTBOUND_ADDRESS": "",  # local address the tenant's outbound HTTP leaves from ("": any)
        "LOG_STREAMS": True,  # deliver to the active log streams (False: keep them, send nothing)
        "LOG_STREAM_BATCH": 100,  # events per delivery at most
        "LOG_STREAM_TIMEOUT_MS": 5000,  # one delivery's HTTP time limit
        "LOG_STREAM_RETRY_MS": 1000,  # first back-off after a failure; doubles each time
        "LOG_STREAM_RETRY_MAX_MS": 60000,  # longest back-off
        "LOG_STREAM_MAX_FAILURES": 6,  # consecutive failures that suspend a stream
        "LOG_STREAM_PRIVATE_TARGETS": True,  # streams may deliver to loopback/private networks
        "SIGNING_KEY_ROTATION_DAYS": 90,  # older signing key in use: a depnote notice (0: off)
    }


def _parse(key: str, raw: str, default):
    """Turn an environment string into the type of the default."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, dict):
        value = json.loads(raw)
        if not isinstance(value, dict):
            raise TypeError(f"{PREFIX}{key} must be a JSON object")
        return value
    return raw


def load_config(overrides: dict | None = None, environ=None) -> dict:
    """Resolve the tenant's settings; nothing here is read at import time."""
    environ = os.environ if environ is None else environ
    config = _defaults()
    for key, default in list(config.items()):
        raw = environ.get(PREFIX + key)
        if raw is not None:
            config[key] = _parse(key, raw, default if default is not None else "")
    config.update(overrides or {})
    tenant_dir = Path(config["TENANT_DIR"])
    config["TENANT_NAME"] = tenant_dir.resolve().name
    config["PUBLIC_URL"] = config["PUBLIC_URL"].rstrip("/")
    config["ISSUER"] = config["PUBLIC_URL"] + "/"
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///.cookbook/{config['TENANT_NAME']}.db"
    if not config["SESSION_COOKIE"]:
        config["SESSION_COOKIE"] = f"idp_{config['TENANT_NAME']}_session"
    return config
