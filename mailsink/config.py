"""Configuration of the mail sink: code defaults, then ``MAILSINK_*`` variables, then overrides."""

from __future__ import annotations

import os

PREFIX = "MAILSINK_"


def _defaults() -> dict:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 2525,  # 0: the OS picks one (tests); the chosen port is on the listener
        "SMTP_ENABLED": True,  # False: only the HTTP API (e.g. a second worker reading the store)
        "DATABASE_URL": "sqlite:///.cookbook/mail.db",
        "MAX_MESSAGE_BYTES": 10 * 1024 * 1024,  # larger messages are refused with 552
        "MAX_MESSAGES": 5000,  # oldest messages are dropped past this many
    }


def _parse(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    return raw


def load_config(overrides: dict | None = None, environ=None) -> dict:
    """Resolve the sink's settings; nothing is read at import time."""
    environ = os.environ if environ is None else environ
    config = _defaults()
    for key, default in list(config.items()):
        raw = environ.get(PREFIX + key)
        if raw is not None:
            config[key] = _parse(raw, default)
    config.update(overrides or {})
    return config
