"""Travel0, the consumer storefront: universal login, a profile kept at the tenant through the
Management API, and orders through the API (placing one needs a verified email).

The same code runs as "Travel0 Rewards" (another client of the same tenant) to show SSO:
only ``APP_NAME``, the client credentials, the cookie name and the port differ.
"""

from __future__ import annotations

from flask import Flask

from apps import common
from apps.common import management, verification
from apps.common.config import REQUIRED as COMMON_REQUIRED

DEFAULTS = {
    "AUTH0_DOMAIN": "http://127.0.0.1:4000",
    "AUTH0_CLIENT_ID": None,
    "AUTH0_CLIENT_SECRET": None,
    "AUTH0_AUDIENCE": "https://api.cookbook.local/",
    "AUTH0_SCOPE": "openid profile email offline_access read:orders create:orders",
    "AUTH0_TOKEN_AUTH_METHOD": "client_secret_post",
    "API_URL": "http://localhost:5100",
    "API_TIMEOUT": 10,
    "BASE_URL": None,
    "APP_NAME": "Travel0",
    "SESSION_COOKIE_NAME": "b2c_session",
    "SESSION_LIFETIME": 86400,
    "DATABASE_URL": "sqlite:///.cookbook/b2c.db",
    "SECRET_KEY": None,
    # The app's Management API client ("Travel0 Management": client_credentials + its grant).
    "MGMT_DOMAIN": None,  # the tenant's canonical domain, when AUTH0_DOMAIN is a custom domain
    "MGMT_CLIENT_ID": None,
    "MGMT_CLIENT_SECRET": None,
    "MGMT_TIMEOUT": 10,
    "VERIFY_EMAIL_RESEND_INTERVAL": 60,
    "HEALTH_TIMEOUT": 3,  # seconds for each upstream request of GET /health
}
REQUIRED = (*COMMON_REQUIRED, "MGMT_CLIENT_ID", "MGMT_CLIENT_SECRET")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: config, shared web plumbing, then this app's pages."""
    app = Flask(__name__)
    common.load_config(app, "B2C_", DEFAULTS, overrides, required=REQUIRED)
    common.init_app(app)
    management.init_app(app)
    verification.init_app(app, resend_page="profile.show")

    from . import orders, profile, views

    app.register_blueprint(views.bp)
    app.register_blueprint(profile.bp)
    app.register_blueprint(orders.bp)
    return app
