"""A member who arrives with no organization role gets the organization's member role, once.

People who sign in through their company's own IdP (Acme Corp's enterprise connection) become
members just in time (``assign_membership_on_login``), and Auth0 gives such members no role.
An organization that wants them to work at once names the role in its metadata
(``jit_member_role``); on the member's first page the app grants it through the Management
API and signs them in again (single sign-on: no password), so the new tokens carry the role's
permissions. Only roles in ``B2B_JIT_MEMBER_ROLES`` may be granted this way: organization
metadata is edited by org admins, and must not hand out more than a member's role.
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user

from apps.common import UpstreamError
from apps.common.management import ManagementRefused, management

from .org_context import current_org, org_roles, signed_in_org_id

bp = Blueprint("jit_roles", __name__)
log = logging.getLogger(__name__)
CHECKED_KEY = "_jit_role_checked"
SKIPPED = {"auth.login", "auth.callback", "auth.logout", "auth.logged_out", "static",
           "common.static"}


@bp.before_app_request
def grant_member_role():
    """Once per session: a roleless member of an organization with ``jit_member_role``."""
    if (not current_user.is_authenticated or request.endpoint in SKIPPED
            or request.endpoint is None or session.get(CHECKED_KEY) or org_roles()):
        return None
    org_id = signed_in_org_id()
    if not org_id:
        return None
    session[CHECKED_KEY] = org_id
    try:
        role = ((current_org() or {}).get("metadata") or {}).get("jit_member_role")
        if role not in current_app.config["JIT_MEMBER_ROLES"]:
            return None
        user_id = current_user.claims["sub"]
        if not management().grant_member_role(org_id, user_id, role):
            return None
    except (UpstreamError, ManagementRefused) as exc:
        log.warning("could not grant the organization's member role: %s", exc)
        return None
    log.info("granted %s in %s to a new member", role, org_id)
    return redirect(url_for("auth.login", organization=org_id, next=request.full_path))
