"""Settings of the log sink: code defaults, then ``LOGSINK_*`` variables, then overrides."""

from __future__ import annotations

import os

PREFIX = "LOGSINK_"


def _defaults() -> dict:
    return {
        "DATABASE_URL": "sqlite:///.cookbook/logsink.db",
        # The tenant's outbound addresses (docs/operations.md#firewall); others get 403.
        "ALLOWED_IPS": "127.0.0.0/8,::1",
        # The stream's httpAuthorization must be "Bearer <SECRET>"; empty: every batch is 503.
        "SECRET": "",
        "MAX_BODY_BYTES": 5 * 1024 * 1024,  # a larger batch is refused with 413
        "MAX_BATCHES": 5000,  # oldest batches are dropped past this many
    }


def _parse(raw: str, default):
    if isinstance(default, int) and not isinstance(default, bool):
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
