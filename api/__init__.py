"""The Travel0 resource server: an Auth0-protected, RBAC-guarded API for consumers' orders and
for the bookings partner agencies (organizations) make (scoped by the token's ``org_id``)."""

from __future__ import annotations

from flask import Flask

from . import bookings, db, errors, health, jwks, messages, orders, reports, tokens
from .auth import requires_auth, requires_org, requires_permission
from .config import load_config
from .tokens import TokenError, TokenVerifier, verify_token

__all__ = ["TokenError", "TokenVerifier", "create_app", "requires_auth",
           "requires_org", "requires_permission", "verify_token"]


def create_app(overrides: dict | None = None) -> Flask:
    """Build one API instance; all state lives in ``app.extensions``."""
    app = Flask(__name__)
    app.config.from_mapping(load_config(overrides))
    app.json.sort_keys = False
    errors.init_app(app)
    db.init_app(app)
    jwks.init_app(app)
    tokens.init_app(app)
    health.init_app(app)
    for module in (messages, orders, reports, bookings):
        app.register_blueprint(module.bp)
    return app
