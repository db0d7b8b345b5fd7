"""Agents: an agency admin manages the people of their own organization — who is a member,
which organization role each has, and removing someone who left.

Only an ``org-admin`` of the organization in the token reaches the page, and every change asks
the tenant again (``admin_refusal``). Roles are limited to ``INVITE_ROLES`` (organization roles
only, never a tenant role). An admin cannot change their own role nor remove themselves, so an
agency is never left without the admin who was just acting; another admin can. Every call is
scoped by the organization in the Management API path: another agency's member is a 404.
"""

from __future__ import annotations

import re

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from apps.common import error_response
from apps.common.management import ManagementRefused

from . import member_api
from .invitation_api import UnknownRole
from .org_context import admin_refusal, assignable_roles

bp = Blueprint("members", __name__, url_prefix="/orgs/<org_id>/members")

USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9|_.:@+-]{0,199}")


def _admin_only(org_id: str, *, ask_tenant: bool):
    return admin_refusal(org_id, ask_tenant=ask_tenant, title="Only agency admins manage agents",
                         message="Your role in this organization does not let you manage its "
                                 "people. Ask one of its admins.")


@bp.get("")
@login_required
def show(org_id: str):
    refused = _admin_only(org_id, ask_tenant=False)
    if refused:
        return refused
    page = render_template("b2b/members.html", members=member_api.members(org_id),
                           roles=assignable_roles(), me=current_user.id)
    return page, 200


@bp.post("/<user_id>/role")
@login_required
def change_role(org_id: str, user_id: str):
    refused = _admin_only(org_id, ask_tenant=True) or _target_problem(user_id)
    if refused:
        return refused
    role = request.form.get("role", "")
    if role not in assignable_roles():
        return error_response(400, "Not a role you can give",
                              f"Choose one of: {', '.join(assignable_roles())}.", error="invalid_request")
    try:
        member_api.set_role(org_id, user_id, role, assignable_roles())
    except UnknownRole:
        return error_response(400, "Unknown role", f"The identity provider has no role {role}.",
                              error="invalid_request")
    except member_api.NotAMember:
        return _not_found()
    except ManagementRefused as exc:
        return _refused(exc)
    flash(f"Role changed to {role}; it applies from that agent's next login.", "success")
    return redirect(url_for("members.show", org_id=org_id), code=303)


@bp.post("/<user_id>/remove")
@login_required
def remove(org_id: str, user_id: str):
    refused = _admin_only(org_id, ask_tenant=True) or _target_problem(user_id)
    if refused:
        return refused
    try:
        member_api.remove(org_id, user_id)
    except member_api.NotAMember:
        return _not_found()
    except ManagementRefused as exc:
        return _refused(exc)
    flash("Removed from the agency: their next login here is refused.", "success")
    return redirect(url_for("members.show", org_id=org_id), code=303)


def _target_problem(user_id: str):
    """A malformed id is a 404; one's own account is not changed here (no self-lockout)."""
    if not USER_ID.fullmatch(user_id):
        return _not_found()
    if user_id == current_user.id:
        return error_response(409, "Not on your own account",
                              "You cannot change your own role or remove yourself; another "
                              "admin of the agency can.", error="conflict")
    return None


def _refused(exc: ManagementRefused):
    if exc.status == 404:
        return _not_found()
    return error_response(400, "The identity provider refused the change", exc.message,
                          error="invalid_request")


def _not_found():
    return error_response(404, "Agent not found",
                          "This agency has no member with that id.", error="not_found")
