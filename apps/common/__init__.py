"""What every web app of the cookbook shares: OIDC login against the tenant, a flask-login user,
server-side sessions, CSRF-protected forms, error pages and the base templates.

An app's ``create_app`` calls :func:`load_config` then :func:`init_app`, and adds its own
blueprints. Apps that manage their users through the tenant's Management API also call
``management.init_app`` and ``verification.init_app`` (the email-verified guard).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint

from . import auth, csrf, errors, monitoring, oidc, sessions, tenant_errors, users
from .auth import base_url
from .config import load_config
from .errors import UpstreamError, error_response
from .tokens import ReauthenticationRequired, get_access_token, refresh_access_token

__all__ = [
    "ReauthenticationRequired", "UpstreamError", "base_url", "error_response",
    "get_access_token", "init_app", "load_config", "refresh_access_token",
]

# Templates (``common/*.html``) and the shared stylesheet, served by each app itself.
ui = Blueprint("common", __name__, template_folder="templates", static_folder="static",
               static_url_path="/common-static")


def init_app(app) -> None:
    """Wire sessions, CSRF, login, OIDC and error pages into ``app`` (config already loaded)."""
    config = app.config
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_SECURE"] = (config.get("BASE_URL") or "").startswith("https://")
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=config["SESSION_LIFETIME"])
    sessions.init_app(app)
    errors.init_app(app)
    csrf.init_app(app)
    users.init_app(app)
    oidc.init_app(app)
    auth.init_app(app)
    app.register_blueprint(tenant_errors.bp)
    monitoring.init_app(app)
    app.register_blueprint(ui)
    app.jinja_env.globals["app_name"] = config["APP_NAME"]
