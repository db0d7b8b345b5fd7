"""Switching organizations: one identity, several memberships, no new password.

The list comes from the Management API (``GET /api/v2/users/{id}/organizations``); switching
is a new login scoped to the chosen organization, which the tenant's SSO session completes
without a password, and which the tenant refuses if the user is not a member.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from apps.common import error_response
from apps.common.management import management
from apps.common.organizations import ORG_ID

from .org_context import signed_in_org_id

bp = Blueprint("switcher", __name__)


@bp.get("/organizations")
@login_required
def list_organizations():
    organizations = sorted(management().user_organizations(current_user.id),
                           key=lambda org: (org.get("display_name") or org.get("name") or ""))
    return render_template("b2b/organizations.html", organizations=organizations,
                           current_id=signed_in_org_id())


@bp.get("/organizations/<org_id>/switch")
def switch(org_id: str):
    """Log in again, scoped to ``org_id``; the tenant decides whether that is allowed."""
    if not ORG_ID.fullmatch(org_id):
        return error_response(404, "No such organization", "That is not an organization id.")
    next_url = url_for("bookings.list_bookings", org_id=org_id)
    return redirect(url_for("auth.login", organization=org_id, next=next_url))
