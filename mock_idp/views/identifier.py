"""Identifier-first login (``prompts.identifier_first: true``): ``/u/login/identifier`` asks
for the email alone, then either sends the person to their company's IdP (home realm
discovery: the email's domain is one of an enterprise connection's ``domain_aliases``) or
shows ``/u/login/password`` for that email. Auth0 turns this on tenant-wide; with the
flag off, ``/u/login`` asks for both at once.

The email typed at the first step is kept in the parked request as its ``login_hint``, so
the password step, "Edit" and the IdP (``login_hint`` upstream) all see the same address.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for

from .. import authn, csrf, flow, org_login, protection
from ..branding import render_page
from ..db import get_db
from ..enterprise import connections as enterprise_connections
from ..errors import PageError, wants_json
from .enterprise import begin
from .login import _transaction, finish

bp = Blueprint("identifier", __name__, url_prefix="/u")
MAX_IDENTIFIER = 320


def identifier_first() -> bool:
    """The tenant's ``prompts.identifier_first`` setting."""
    prompts = current_app.extensions["mock_idp.tenant"].data.get("prompts") or {}
    return bool(prompts.get("identifier_first"))


def first_page() -> str:
    """The endpoint a new login starts at."""
    return "identifier.identifier" if identifier_first() else "login.login"


def _page(template: str, screen: str, txn, auth, status: int = 200, **extra):
    connection = flow.connection_for(auth)
    return render_page(
        template, screen, screen, status=status, params=auth.params, client=auth.client.row,
        state=txn.id, csrf_token=csrf.token_for(txn.device_id, txn.id),
        login_hint=auth.params.get("login_hint", ""),
        signup_enabled=org_login.signup_allowed(auth, connection),
        database_form=connection is not None,
        identifier_discovery=bool(enterprise_connections.for_request(auth)),
        enterprise_buttons=enterprise_connections.buttons(auth), **extra)


@bp.get("/login/identifier")
def identifier():
    txn, auth = _transaction()
    return _page("login_identifier.html", "login-id", txn, auth)


@bp.post("/login/identifier")
def identifier_submit():
    txn, auth = _transaction()
    csrf.check(txn.device_id, txn.id)
    email = request.form.get("username", "").strip()
    if not email or len(email) > MAX_IDENTIFIER:
        return _page("login_identifier.html", "login-id", txn, auth, 400, username=email[:64],
                     error="Enter your email address")
    connection = enterprise_connections.discover(auth, email)
    txn.params = {**txn.params, "login_hint": email}  # a new dict: the JSON column notices
    get_db().commit()
    if connection is not None:
        return begin(txn, auth, connection, login_hint=email)
    if flow.connection_for(auth) is None:
        return _page("login_identifier.html", "login-id", txn, auth, 400, username=email,
                     error="Use your organization's sign-in button.")
    return redirect(url_for("identifier.password", state=txn.id))


@bp.get("/login/password")
def password():
    txn, auth = _transaction()
    email = auth.params.get("login_hint")
    if not email:
        return redirect(url_for("identifier.identifier", state=txn.id))
    return _page("login_password.html", "login-password", txn, auth, username=email)


@bp.post("/login/password")
def password_submit():
    txn, auth = _transaction()
    csrf.check(txn.device_id, txn.id)
    email = (auth.params.get("login_hint") or "").strip()
    secret = request.form.get("password", "")
    connection = flow.connection_for(auth)
    if not email or connection is None:
        raise PageError("invalid_request", "Start again from the email address step.")
    if not secret:
        return _page("login_password.html", "login-password", txn, auth, 400, username=email,
                     error="Enter your password")
    try:
        user = authn.password_login(get_db(), auth.client.row, connection, email, secret)
    except authn.UserBlocked as blocked:
        raise flow.ClientError(auth, "unauthorized", blocked.message) from None
    except protection.Refused as refused:
        if wants_json():
            return refused.json_response()
        return _page("login_password.html", "login-password", txn, auth, refused.status,
                     username=email, error=refused.message)
    except authn.LoginFailed as failed:
        return _page("login_password.html", "login-password", txn, auth, 400, username=email,
                     error=failed.message)
    return finish(txn, auth, user)
