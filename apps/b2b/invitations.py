"""Invite an agent: an agency admin invites someone by email with one organization role.

Only an ``org-admin`` of the organization the member is signed in to reaches these pages (the
ID token says so, and for every change the tenant is asked again, so an admin demoted since
their login is refused at once). The app's back end creates the invitation through the
Management API for this app (``client_id``: the invitation link leads to this app's
``/login``) and the tenant emails it; the page lists the pending invitations and revokes
one (``DELETE``, scoped by the organization in the path, so another agency's invitation is
never found). Only the roles of ``INVITE_ROLES`` can be given: no tenant role, no escalation.
"""

from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from apps.common import error_response
from apps.common.management import ManagementRefused

from . import invitation_api
from .org_context import admin_refusal, assignable_roles

bp = Blueprint("invitations", __name__, url_prefix="/orgs/<org_id>/invitations")

EMAIL = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\.[A-Za-z]{2,63}")
INVITATION_ID = re.compile(r"uinv_[A-Za-z0-9_-]{1,60}")


def _admin_only(org_id: str, *, ask_tenant: bool):
    """None when the member may invite here; else the 403 page."""
    return admin_refusal(org_id, ask_tenant=ask_tenant, title="Only agency admins invite agents",
                         message="Your role in this organization does not let you invite "
                                 "people. Ask one of its admins.")


@bp.get("")
@login_required
def show(org_id: str):
    refused = _admin_only(org_id, ask_tenant=False)
    return refused or _page(org_id, {"email": "", "role": assignable_roles()[0]}, {})


@bp.post("")
@login_required
def create(org_id: str):
    refused = _admin_only(org_id, ask_tenant=True)
    if refused:
        return refused
    form = {"email": request.form.get("email", "").strip().lower()[:320],
            "role": request.form.get("role", "")}
    errors = _check(form)
    if not errors:
        errors = _send(org_id, form)
    if errors:
        return _page(org_id, form, errors, status=400)
    flash(f"Invitation sent to {form['email']}.", "success")
    return redirect(url_for("invitations.show", org_id=org_id), code=303)


@bp.post("/<invitation_id>/revoke")
@login_required
def revoke(org_id: str, invitation_id: str):
    refused = _admin_only(org_id, ask_tenant=True)
    if refused:
        return refused
    if not INVITATION_ID.fullmatch(invitation_id):
        return _not_found()
    try:
        invitation_api.revoke(org_id, invitation_id)
    except ManagementRefused as exc:
        if exc.status != 404:
            raise
        return _not_found()
    flash("Invitation revoked: its link no longer works.", "success")
    return redirect(url_for("invitations.show", org_id=org_id), code=303)


def _check(form: dict) -> dict:
    errors = {}
    if not EMAIL.fullmatch(form["email"]):
        errors["email"] = "Enter the email address of the person to invite."
    if form["role"] not in assignable_roles():
        errors["role"] = f"Choose one of: {', '.join(assignable_roles())}."
    return errors


def _send(org_id: str, form: dict) -> dict:
    """Create the invitation; the tenant's refusal (400, 404, 409) as a form error."""
    inviter = current_user.name or current_user.email or "Your agency admin"
    try:
        invitation_api.invite(org_id, inviter, form["email"], form["role"],
                              current_app.config["AUTH0_CLIENT_ID"])
    except ManagementRefused as exc:
        if exc.status not in (400, 404, 409):
            raise
        return {"form": f"The identity provider refused the invitation: {exc.message}"}
    except invitation_api.UnknownRole:
        return {"role": "That role does not exist at the identity provider."}
    return {}


def _not_found():
    return error_response(404, "Invitation not found",
                          "This agency has no pending invitation with that id. It may have been "
                          "accepted or revoked already.", error="not_found")


def _page(org_id: str, form: dict, errors: dict, status: int = 200):
    pending = invitation_api.pending(org_id)
    page = render_template("b2b/invitations.html", form=form, errors=errors, roles=assignable_roles(),
                           invitations=pending)
    return page, status

