"""Travel0 Partners: a multi-tenant SaaS where each partner travel agency is an Organization.

Agents log in through their organization (an org-specific URL such as ``/o/<name>``, or the
tenant's organization picker), see their organization's branding, and make bookings for their
customers through the API under ``/api/orgs/<org_id>/``. The agency's settings are its
organization metadata (``/orgs/<org_id>/settings``, edited by org admins), an agent's own
details their ``user_metadata`` (``/profile``); org admins invite agents by email
(``/orgs/<org_id>/invitations``). Every page and every API call is
scoped by the token's ``org_id``, which the app checks against the organization it asked for;
org roles decide what a member may do.
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
    "AUTH0_AUDIENCE": "https://api.cookbook.local/",
    "AUTH0_SCOPE": "openid profile email offline_access read:bookings create:bookings delete:bookings",
    "AUTH0_TOKEN_AUTH_METHOD": "client_secret_post",
    "API_URL": "http://localhost:5100",
    "API_TIMEOUT": 10,
    "BASE_URL": None,
    "APP_NAME": "Travel0 Partners",
    "SESSION_COOKIE_NAME": "b2b_session",
    "SESSION_LIFETIME": 28800,
    "DATABASE_URL": "sqlite:///.cookbook/b2b.db",
    "SECRET_KEY": None,
    "ORGANIZATION_REQUIRED": True,
    # Where the tenant's post-login Action puts the member's organization roles.
    "ORG_ROLES_CLAIM": "https://travel0.example/org_roles",
    # ... and the organization's tier (from its metadata, set by Travel0).
    "ORG_TIER_CLAIM": "https://travel0.example/org_tier",
    "ORG_ADMIN_ROLE": "org-admin",  # the org role that may cancel bookings and edit settings
    "INVITE_ROLES": "org-member,org-admin",  # the org roles an admin may give an invitee
    # Roles an organization may give members who arrive without one (metadata.jit_member_role).
    "JIT_MEMBER_ROLES": ("org-member",),
    "ORG_CACHE_SECONDS": 300,
    "MGMT_DOMAIN": None,
    "MGMT_CLIENT_ID": None,
    "MGMT_CLIENT_SECRET": None,
    "MGMT_TIMEOUT": 10,
}
REQUIRED = (*COMMON_REQUIRED, "MGMT_CLIENT_ID", "MGMT_CLIENT_SECRET")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: config, shared web plumbing, the organization context, then the pages."""
    app = Flask(__name__)
    common.load_config(app, "B2B_", DEFAULTS, overrides, required=REQUIRED)
    common.init_app(app)
    management.init_app(app)

    from . import (
        account,
        bookings,
        invitations,
        jit_roles,
        members,
        org_context,
        settings,
        switcher,
        views,
    )

    org_context.init_app(app)
    for module in (views, bookings, settings, account, switcher, invitations, members, jit_roles):
        app.register_blueprint(module.bp)
    return app
