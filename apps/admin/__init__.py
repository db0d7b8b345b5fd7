"""Travel0 Operator Console: the SaaS operator's own admin portal.

Travel0's staff log in through Universal Login from their own database connection
(``Travel0-Operators``) and, depending on their operator role (``support``, ``admin``,
``auditor``; decided by :mod:`apps.admin.matrix`), find users, see their identities,
organizations, roles and recent logs, block and unblock them, have a reset or verification
email sent, remove them from an organization or delete them, and provision new partner
organizations in one resumable action. Every Management API call goes through auth0-python
with the console's own client grant; every action, allowed or not, lands in the audit log.
"""

from __future__ import annotations

from flask import Flask

from apps import common
from apps.common import management
from apps.common.config import REQUIRED as COMMON_REQUIRED

DEFAULTS = {
    "AUTH0_DOMAIN": "http://127.0.0.1:4000",
    "AUTH0_CLIENT_ID": None,
    "AUTH0_CLIENT_SECRET": None,
    # The console's own API audience: its tokens carry the roles and are good nowhere else.
    "AUTH0_AUDIENCE": "https://console.travel0.example/",
    "AUTH0_SCOPE": "openid profile email offline_access",
    "AUTH0_TOKEN_AUTH_METHOD": "client_secret_post",
    "BASE_URL": None,
    "APP_NAME": "Travel0 Operator Console",
    "SESSION_COOKIE_NAME": "admin_session",
    "SESSION_LIFETIME": 28800,
    "DATABASE_URL": "sqlite:///.cookbook/admin.db",
    "SECRET_KEY": None,
    # Where the tenant's post-login Action puts the user's roles (in the access token too).
    "ROLES_CLAIM": "https://travel0.example/roles",
    # Travel0 Partners' client: invitations, reset and verification emails lead there.
    "PORTAL_CLIENT_ID": None,
    "SHARED_CONNECTION": "Username-Password-Authentication",  # new agencies' default login
    "ORG_ADMIN_ROLE": "org-admin",  # the first admin's organization role
    "OPERATORS_CONNECTION": "Travel0-Operators",  # staff accounts: only admins act on them
    "INVITER_NAME": "Travel0",  # who invitation emails say invited the first admin
    "MGMT_DOMAIN": None,
    "MGMT_CLIENT_ID": None,  # default: the console's own client (it has a client grant)
    "MGMT_CLIENT_SECRET": None,
    "MGMT_TIMEOUT": 10,
}
REQUIRED = (*COMMON_REQUIRED, "PORTAL_CLIENT_ID")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the console: config, shared web plumbing, its database, then one blueprint per
    feature."""
    app = Flask(__name__)
    common.load_config(app, "ADMIN_", DEFAULTS, overrides, required=REQUIRED)
    app.config["MGMT_CLIENT_ID"] = app.config["MGMT_CLIENT_ID"] or app.config["AUTH0_CLIENT_ID"]
    app.config["MGMT_CLIENT_SECRET"] = (app.config["MGMT_CLIENT_SECRET"]
                                        or app.config["AUTH0_CLIENT_SECRET"])
    common.init_app(app)
    management.init_app(app)

    from . import audit_page, operator, organizations, store, users, views

    store.init_app(app)
    app.jinja_env.globals["may"] = operator.may
    for module in (views, users, organizations, audit_page):
        app.register_blueprint(module.bp)
    return app
