"""``GET /authorize``: single sign-on when the session allows it, else a Universal Login page."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for

from .. import flow, invitations, logs, org_login, sessions
from ..db import get_db
from ..models import User

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
    page = invitations.first_page(auth, flow.connection_for(auth)) or (
        "login.signup" if auth.params.get("screen_hint") == "signup" else "login.login")
    response = redirect(url_for(page, state=txn.id))
    sessions.ensure_device(response, device)
    return response


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
