"""Password reset pages: ``/u/reset-password/request`` (email a reset link, reached by
"Forgot password?" on the login page) and ``/u/reset-password?ticket=…`` (set a new password
under the connection's policy), with the field names of Auth0's reset-password screen.

Both forms carry a CSRF token bound to the browser's device cookie. The request page answers
the same for every email; the ticket is spent only by a successful change.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from .. import csrf, flow, logs, password_reset, sessions, tokens
from ..branding import render_page
from ..clock import now
from ..db import get_db
from ..errors import PageError
from ..management import tickets
from ..models import Connection, Transaction
from ..signup import EMAIL
from .verification import FAILURES, outcome

bp = Blueprint("reset", __name__, url_prefix="/u")
REQUEST_PURPOSE = "reset-password-request"
CHANGED = "You can now login to the application with the new password."
MISMATCH = "Passwords don't match"
RESET_SUCCESS = ("reset-password", "reset-password-success")
RESET_ERROR = ("reset-password", "reset-password-error")


def _login_context() -> tuple[str | None, object, Connection]:
    """(state, client row, connection) of the login this page was opened from, if any."""
    state = request.values.get("state") or None
    db = get_db()
    txn = db.get(Transaction, state) if state else None
    if txn is not None and txn.completed_at is None and txn.expires_at >= now() \
            and txn.device_id == sessions.device_id():
        auth = flow.validate(MultiDict(txn.params))
        connection = flow.connection_for(auth)
        if connection is not None:
            return state, auth.client.row, connection
    # Opened without a login (a bookmark): the tenant's first database in the files' order
    # (its main one), never one that imports users from a legacy store.
    declared = [d["name"] for d in current_app.extensions["mock_idp.tenant"].section("databases")]
    found = sorted(db.scalars(select(Connection).where(Connection.strategy == "auth0")),
                   key=lambda c: (bool((c.options or {}).get("import_mode")),
                                  declared.index(c.name) if c.name in declared else len(declared),
                                  c.name))
    if not found:
        raise PageError("invalid_request", "This tenant has no database connection.")
    return None, None, found[0]


SCREENS = {"reset_request.html": "reset-password-request",
           "reset_request_sent.html": "reset-password-email",
           "reset_password.html": "reset-password"}


def _page(template: str, purpose: str, status: int = 200, **context):
    """Render with a CSRF token for ``purpose`` and make sure the device cookie exists."""
    device = sessions.new_device_id()
    response = render_page(template, "reset-password", SCREENS[template], status=status,
                           params=_login_params(context.get("state")),
                           csrf_token=csrf.token_for(device, purpose), **context)
    sessions.ensure_device(response, device)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _login_params(state: str | None) -> dict:
    """The /authorize parameters of the login this page came from (its ``ui_locales``)."""
    txn = get_db().get(Transaction, state) if state else None
    return dict(txn.params or {}) if txn is not None else {}


@bp.get("/reset-password/request")
def request_page():
    state, _client, _connection = _login_context()
    return _page("reset_request.html", REQUEST_PURPOSE, state=state)


@bp.post("/reset-password/request")
def request_submit():
    csrf.check(sessions.device_id(), REQUEST_PURPOSE)
    state, client, connection = _login_context()
    email = request.form.get("email", "").strip()
    if not EMAIL.match(email) or len(email) > 320:
        return _page("reset_request.html", REQUEST_PURPOSE, 400, state=state, email=email,
                     error="Enter a valid email address")
    password_reset.request_reset(get_db(), client, connection, email)
    return _page("reset_request_sent.html", REQUEST_PURPOSE, state=state, email=email)


def _purpose(ticket: str) -> str:
    return "reset-password:" + tokens.digest(ticket)[:32]


def _target(ticket: str):
    """The reset the ticket allows, or the failure page (logged ``fcp``)."""
    try:
        return password_reset.target(get_db(), ticket), None
    except tickets.TicketError as failed:
        message, heading = FAILURES[failed.reason]
        logs.write("fcp", description=message)
        return None, outcome(False, message, heading, failed.ticket, None, RESET_ERROR)


@bp.get("/reset-password")
def reset_page():
    ticket = request.args.get("ticket", "")
    reset, failure = _target(ticket)
    if failure is not None:
        return failure
    return _page("reset_password.html", _purpose(ticket), ticket=ticket, email=reset.user.email)


@bp.post("/reset-password")
def reset_submit():
    ticket = request.form.get("ticket", "")
    csrf.check(sessions.device_id(), _purpose(ticket))
    reset, failure = _target(ticket)
    if failure is not None:
        return failure
    password = request.form.get("password-reset", "")
    again = request.form.get("re-enter-password", "")
    form = {"ticket": ticket, "email": reset.user.email}
    if password != again:
        return _page("reset_password.html", _purpose(ticket), 400, mismatch=MISMATCH, **form)
    error = password_reset.check_new_password(get_db(), reset, password)
    if error is not None:  # the strength rules as a list, another rule as one line
        shown = ({"problems": error.problems} if error.rules is not None
                 else {"password_error": error.message})
        return _page("reset_password.html", _purpose(ticket), 400, **shown, **form)
    try:
        password_reset.complete(get_db(), reset, ticket, password)
    except tickets.TicketError as failed:
        message, heading = FAILURES[failed.reason]
        logs.write("fcp", description=message, user=reset.user)
        return outcome(False, message, heading, failed.ticket, reset.user, RESET_ERROR)
    return outcome(True, CHANGED, "Password changed", reset.ticket, reset.user, RESET_SUCCESS)
