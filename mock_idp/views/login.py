"""Universal Login pages: ``/u/login`` and ``/u/signup``, with Auth0's field names and ids."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.datastructures import MultiDict

from .. import authn, csrf, flow, invitations, logs, org_login, protection, sessions
from ..branding import render_page
from ..clock import now
from ..db import get_db
from ..enterprise import connections as enterprise_connections
from ..errors import PageError, wants_json
from ..models import Transaction
from ..signup import SignupDenied, SignupRefused, register

bp = Blueprint("login", __name__, url_prefix="/u")


def _transaction() -> tuple[Transaction, flow.Authorization]:
    """The parked /authorize request named by ``state``, checked against this browser."""
    state = request.values.get("state", "")
    txn = get_db().get(Transaction, state) if state else None
    if txn is None or txn.completed_at is not None or txn.expires_at < now():
        raise PageError("invalid_request", "This login link is no longer valid. "
                        "Go back to the application and start again.")
    if txn.device_id != sessions.device_id():
        raise PageError("invalid_request", "This login was started in another browser. "
                        "Go back to the application and start again.", 403)
    return txn, flow.validate(MultiDict(txn.params))


def _page(template: str, txn: Transaction, auth: flow.Authorization, status: int = 200, **extra):
    """A login or sign-up page in the tenant's branding and the login's language."""
    connection = flow.connection_for(auth)
    prompt = "signup" if template == "signup.html" else "login"
    invited = invitations.pending(auth)
    return render_page(
        template, prompt, prompt, status=status, params=auth.params, client=auth.client.row,
        state=txn.id, csrf_token=csrf.token_for(txn.device_id, txn.id),
        login_hint=invited.email if invited else auth.params.get("login_hint", ""),
        invited=invited, signup_enabled=org_login.signup_allowed(auth, connection),
        database_form=connection is not None, enterprise_buttons=enterprise_connections.buttons(auth),
        **extra)


@bp.get("/login")
def login():
    txn, auth = _transaction()
    return _page("login.html", txn, auth)


@bp.post("/login")
def login_submit():
    txn, auth = _transaction()
    csrf.check(txn.device_id, txn.id)
    email = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    connection = flow.connection_for(auth)
    if connection is None:  # an organization that signs in with its own IdP only
        raise PageError("invalid_request", "Use your organization's sign-in button.")
    if not email or not password:
        return _page("login.html", txn, auth, 400, username=email, error_field="password",
                     error="Enter your email address and password")
    try:
        user = authn.password_login(get_db(), auth.client.row, connection, email, password)
    except authn.UserBlocked as blocked:  # Auth0 answers the application, not the page
        raise flow.ClientError(auth, "unauthorized", blocked.message) from None
    except protection.Refused as refused:  # 429 too_many_attempts, password_leaked
        if wants_json():
            return refused.json_response()
        return _page("login.html", txn, auth, refused.status, username=email,
                     error=refused.message, error_field=refused.field)
    except authn.LoginFailed as failed:
        return _page("login.html", txn, auth, 400, username=email, error=failed.message,
                     error_field=failed.field)
    return finish(txn, auth, user)


@bp.get("/signup")
def signup():
    txn, auth = _transaction()
    _check_signup_allowed(auth)
    return _page("signup.html", txn, auth)


@bp.post("/signup")
def signup_submit():
    txn, auth = _transaction()
    csrf.check(txn.device_id, txn.id)
    email = request.form.get("email", "").strip()
    connection = _check_signup_allowed(auth)
    invited = invitations.pending(auth)
    if invited is not None and email.lower() != invited.email:
        return _not_the_invited_email(txn, auth, email, invited)
    try:
        user = register(get_db(), auth.client.row, connection, email,
                        request.form.get("password", ""), body=request.form.to_dict(),
                        email_verified=invited is not None)
    except SignupDenied as denied:
        return _page("signup.html", txn, auth, 400, email=email, error=denied.message)
    except SignupRefused as refused:
        return _page("signup.html", txn, auth, refused.status, email=email,
                     **signup_errors(refused))
    authn.record_login(get_db(), user)
    return finish(txn, auth, user)


def _not_the_invited_email(txn: Transaction, auth: flow.Authorization, email: str,
                           invited: invitations.Pending):
    """The sign-up form fixes the invited address; a changed one is refused, nothing made."""
    logs.write("fs", description="the email address is not the invited one",
               client=auth.client.row, user_name=email[:320])
    return _page("signup.html", txn, auth, 400, email=invited.email,
                 error=f"This invitation is for {invited.email}. Sign up with that address.")


def _check_signup_allowed(auth: flow.Authorization):
    """The sign-up connection, or an error page where sign-up is off (e.g. an organization
    whose members are invited)."""
    connection = flow.connection_for(auth)
    if auth.params.get("organization") and not org_login.signup_allowed(auth, connection):
        raise PageError("access_denied", "Sign-up is not available here. "
                        "Ask your organization for an invitation.", 403)
    return connection


def signup_errors(refused: SignupRefused) -> dict:
    """Where the page shows a refusal: the strength rules as a list, another password rule
    as one line, anything else (a taken or malformed email) beside the email."""
    if refused.policy is not None and refused.policy.rules is not None:
        return {"problems": refused.problems}
    if refused.policy is not None:
        return {"password_error": refused.policy.message}
    return {"error": refused.problems[0]}


def finish(txn: Transaction, auth: flow.Authorization, user):
    """Start the SSO session, close the transaction and answer the application."""
    db = get_db()
    previous = sessions.current(db)
    if previous is not None:
        sessions.end(previous)
    sso, secret = sessions.start(db, user, txn.device_id)
    sessions.touch(sso, auth.client.client_id)
    txn.completed_at = now()
    db.commit()
    try:
        answer = flow.issue_code(auth, sessions.Login(user, sso.id, sso.authenticated_at))
    except flow.ClientError:
        sessions.end(sso)  # a login the Actions refused leaves no session behind
        db.commit()
        raise
    response = current_app.make_response(answer)
    sessions.set_cookie(response, secret)
    return response
