"""Auth0 Actions executed by the mock tenant: the tenant's JavaScript in an embedded V8.

``init_app`` binds the tenant's deployed Actions to their triggers; the login, token,
sign-up and password code paths run them through ``post_login`` and ``hooks``.
``harness.run_action`` runs one Action offline for unit tests.
"""

from __future__ import annotations

from flask import current_app

from .engine import ensure_engine
from .registry import Registry


def init_app(app) -> None:
    """Bind the tenant's Actions (already compiled by the tenant loader) to their triggers."""
    spec = app.extensions["mock_idp.tenant"]
    registry = Registry.from_spec(spec, app.config["ACTIONS_TIMEOUT_MS"],
                                  app.config["ACTIONS_MEMORY_MB"])
    if registry.bindings:
        ensure_engine()
    app.extensions["mock_idp.actions"] = registry


def get_registry() -> Registry:
    return current_app.extensions["mock_idp.actions"]
