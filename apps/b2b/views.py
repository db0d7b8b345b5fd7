"""The front door: how a member finds the way into their organization."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from apps.common import error_response
from apps.common.organizations import ORG_NAME

from .org_context import signed_in_org_id

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Signed in: straight to the organization's bookings. Otherwise: the ways in."""
    org_id = signed_in_org_id()
    if current_user.is_authenticated and org_id:
        return redirect(url_for("bookings.list_bookings", org_id=org_id))
    return render_template("b2b/index.html")


@bp.get("/o/<org_name>")
def org_login(org_name: str):
    """An organization's own sign-in URL (what a customer bookmarks): login scoped to it."""
    name = org_name.lower()
    if not ORG_NAME.fullmatch(name):
        return error_response(404, "No such organization",
                              "That is not an organization's sign-in address.")
    return redirect(url_for("auth.login", organization=name))
