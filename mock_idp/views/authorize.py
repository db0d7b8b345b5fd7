"""``GET /authorize``: single sign-on when the session allows it, else a Universal Login page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for

from .. import flow, invitations, logs, org_login, sessions
from ..db import get_db
from ..enterprise import connections as enterprise_connections
from ..models import User
from . import enterprise, identifier

bp = Blueprint("authorize", __name__)


@bp.get("/authorize")
def authorize():
    auth = flow.validate(request.args)
    if org_login.wants_prompt(auth):
        return _organization_prompt(auth)
    db = get_db()
    sso = sessions.current(db)
    if not flow.needs_login(auth, sso.authenticated_at if sso else None):
        return _single_sign_on(auth, sso)
    if auth.prompt == "none":
        logs.write("fsa", description="Login required", client=auth.client.row)
        raise flow.ClientError(auth, "login_required", "Login required")
    device = sessions.new_device_id()
    txn = flow.begin_transaction(auth, device)
    response = current_app.make_response(_first_step(txn, auth))
    sessions.ensure_device(response, device)
    return response


def _first_step(txn, auth: flow.Authorization):
    """Where the login starts: the enterprise IdP that ``connection=`` names (no discovery),
    an invitee's sign-up or login form, else the sign-up or login page (the identifier
    prompt when the tenant asks first)."""
    connection = enterprise_connections.requested(auth)
    if connection is not None:
        return enterprise.begin(txn, auth, connection)
    invitee_page = invitations.first_page(auth, flow.connection_for(auth))
    if invitee_page is not None:  # sign-up with the invited address fixed, or its login form
        return redirect(url_for(invitee_page, state=txn.id))
    if auth.params.get("screen_hint") == "signup":
        return redirect(url_for("login.signup", state=txn.id))
    return redirect(url_for(identifier.first_page(), state=txn.id))


def _organization_prompt(auth: flow.Authorization):
    """``pre_login_prompt``: the organization's name first, then login."""
    if auth.prompt == "none":
        raise flow.ClientError(auth, "interaction_required", "The user must name an organization")
    device = sessions.new_device_id()
    txn = flow.begin_transaction(auth, device)
    response = redirect(url_for("organization.prompt", state=txn.id))
    sessions.ensure_device(response, device)
    return response


def _single_sign_on(auth: flow.Authorization, sso):
    """Answer from the existing session: no password asked."""
    db = get_db()
    user = db.get(User, sso.user_id)
    sessions.touch(sso, auth.client.client_id)
    db.commit()
    silent = auth.prompt == "none"
    return flow.issue_code(auth, sessions.Login(user, sso.id, sso.authenticated_at),
                           log_type="ssa" if silent else "s", log_details={"single_sign_on": True})
