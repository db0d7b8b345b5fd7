"""Enterprise login pages: the button on the login page (``POST /u/login/enterprise``) and the
IdP's way back (``GET|POST /login/callback``), where the user is created just in time and
the login finishes like any other (Actions, organization membership, a code for the app).

Errors reach the application as OAuth errors with its ``state`` once the parked request is
known (the IdP said no, its token did not verify, it could not be reached); a callback that
names no pending login of this browser gets an error page.
"""

from __future__ import annotations

from flask import Blueprint, request
from werkzeug.datastructures import MultiDict

from .. import csrf, flow, logs, sessions
from ..db import get_db
from ..enterprise import connections, login, provisioning, upstream
from ..errors import PageError
from ..models import Connection
from .login import _transaction, finish

bp = Blueprint("enterprise", __name__)
DESCRIPTION_LIMIT = 200


@bp.post("/u/login/enterprise")
def button():
    """A "Continue with <IdP>" button of the login page."""
    txn, auth = _transaction()
    csrf.check(txn.device_id, txn.id)
    name = request.form.get("connection", "")
    connection = next((row for row in connections.for_request(auth) if row.name == name), None)
    if connection is None:
        raise PageError("invalid_request", "That sign-in option is not available here.")
    return begin(txn, auth, connection)


def begin(txn, auth, connection, login_hint: str | None = None):
    """Send the browser to the IdP, or the application an error if the IdP is unusable."""
    try:
        return login.start(txn, auth, connection, login_hint)
    except upstream.UpstreamError as failed:
        logs.write("f", description=failed.description, client=auth.client.row,
                   connection=connection.name)
        raise flow.ClientError(auth, failed.error, failed.description) from None


@bp.route("/login/callback", methods=["GET", "POST"])
def callback():
    pending, txn = login.take(request.values.get("state", ""), sessions.device_id())
    auth = flow.validate(MultiDict(txn.params))
    connection = get_db().query(Connection).filter_by(name=pending.connection).first()
    if connection is None or not connections.is_enabled(auth.client.client_id, connection.name):
        raise flow.ClientError(auth, "access_denied", "The connection is no longer available")
    try:
        claims = _claims(connection, pending)
    except upstream.UpstreamError as failed:
        logs.write("f", description=failed.description, client=auth.client.row,
                   connection=connection.name)
        raise flow.ClientError(auth, failed.error, failed.description) from None
    user, _created = provisioning.upsert(get_db(), connection, claims)
    if user.blocked:
        logs.write("f", description="user is blocked", client=auth.client.row, user=user)
        raise flow.ClientError(auth, "unauthorized", "user is blocked")
    return finish(txn, auth, user)


def _claims(connection, pending) -> dict:
    """The IdP's answer: its error passed on, or the verified ID token's claims."""
    error = request.values.get("error")
    if error:
        described = request.values.get("error_description") or error
        raise upstream.UpstreamError(described[:DESCRIPTION_LIMIT],
                                     "access_denied" if error != "login_required" else error)
    code = request.values.get("code", "")
    if not code or len(code) > 2048:
        raise upstream.UpstreamError("The identity provider sent no authorization code")
    found = upstream.provider(connection)
    return upstream.redeem(connection, found, code, pending.code_verifier, pending.nonce)
