"""``/u/brute-force-protection-unblock``: the link of the ``blocked_account`` email.

As in Auth0's current flow, opening the link (GET) changes nothing: it shows a form that
submits itself in a browser with JavaScript (a button otherwise), and only the POST lifts the
block. Mail scanners that fetch links therefore cannot use the ticket up. The ticket is
single use and expires like other tickets (``TICKET_TTL``).
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from .. import csrf, sessions, tokens
from ..branding import render_page
from ..db import get_db
from ..management import tickets
from ..models import Ticket
from . import brute_force

bp = Blueprint("protection", __name__, url_prefix="/u")
FAILURES = {
    "expired": "This link has expired. Try to log in again: if the account is still blocked, "
               "a new email will be sent the next time it gets blocked, or reset your password.",
    "used": "This link has already been used.",
    "invalid": "This link is not valid.",
}


SCREENS = {"confirm": "brute-force-protection-unblock",
           "success": "brute-force-protection-unblock-success",
           "failure": "brute-force-protection-unblock-failure"}


def _page(state: str, status: int = 200, **extra):
    return render_page("unblock.html", "brute-force-protection", SCREENS[state], status=status,
                       state=state, **extra)


def _purpose(ticket: str) -> str:
    return f"unblock:{tokens.digest(ticket)}"


def _problem(ticket: str) -> str | None:
    """Why the ticket cannot be used (without using it up), or None."""
    row = get_db().get(Ticket, tokens.digest(ticket)) if ticket else None
    if row is None or row.kind != tickets.BRUTE_FORCE_UNBLOCK:
        return "invalid"
    if row.used_at is not None:
        return "used"
    if row.expires_at <= current_app.extensions["mock_idp.clock"].now():
        return "expired"
    return None


@bp.get("/brute-force-protection-unblock")
def unblock():
    ticket = request.args.get("ticket", "")
    problem = _problem(ticket)
    if problem:
        return _page("failure", 400, reason=FAILURES[problem])
    device = sessions.new_device_id()
    response = _page("confirm", ticket=ticket, csrf_token=csrf.token_for(device, _purpose(ticket)))
    sessions.ensure_device(response, device)
    return response


@bp.post("/brute-force-protection-unblock")
def unblock_submit():
    ticket = request.form.get("ticket", "")
    csrf.check(sessions.device_id(), _purpose(ticket))
    try:
        redeemed = tickets.redeem(tickets.BRUTE_FORCE_UNBLOCK, ticket)
    except tickets.TicketError as failed:
        return _page("failure", 400, reason=FAILURES[failed.reason])
    brute_force.lift(get_db(), redeemed.options.get("identifier", ""))
    return _page("success")
