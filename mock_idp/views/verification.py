"""``/u/email-verification?ticket=…``: an email-verification ticket sets ``email_verified``.

Outcomes follow Auth0: ``sv`` and the welcome email on success, ``fv`` for an unknown,
expired or spent ticket; with a ``result_url`` the browser goes there with ``success``,
``message`` (and ``email`` unless turned off), otherwise the tenant shows a clear page.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import Blueprint, redirect, request

from .. import account_mail, logs
from ..branding import render_page
from ..clock import now
from ..db import get_db
from ..management import tickets
from ..models import Client, User

bp = Blueprint("verification", __name__, url_prefix="/u")
VERIFIED = "Your email was verified. You can continue using the application."
FAILURES = {  # reason -> (Auth0's message, the page's heading)
    "invalid": ("User account does not exist or verification code is invalid.",
                "This link is not valid"),
    "expired": ("Access expired.", "This link has expired"),
    "used": ("This URL can be used only once", "This link was already used"),
    "verified": ("This account is already verified.", "Your email is already verified"),
}


@bp.get("/email-verification")
def email_verification():
    try:
        issued = tickets.redeem(tickets.EMAIL_VERIFICATION, request.args.get("ticket", ""))
    except tickets.TicketError as failed:
        return _failure(failed.reason, failed.ticket)
    db = get_db()
    user = db.get(User, issued.user_id)
    if user is None:
        return _failure("invalid", None)
    client = db.get(Client, issued.client_id) if issued.client_id else None
    if user.email_verified:
        return _failure("verified", issued, user)
    user.email_verified, user.updated_at = True, now()
    db.commit()
    logs.write("sv", client=client, user=user)
    account_mail.send_welcome(user, client)  # Auth0 welcomes a user once the email is verified
    return outcome(True, VERIFIED, "Email verified", issued, user)


def _failure(reason: str, issued: tickets.Redeemed | None, user: User | None = None):
    message, heading = FAILURES[reason]
    if user is None and issued is not None:
        user = get_db().get(User, issued.user_id)
    logs.write("fv", description=message, user=user)
    return outcome(False, message, heading, issued, user)


RESULT = ("email-verification", "email-verification-result")


def outcome(success: bool, message: str, heading: str, issued: tickets.Redeemed | None,
            user: User | None, screen: tuple[str, str] = RESULT):
    """Where a ticket link ends: the ticket's result URL, or a branded page of ``screen``
    (a prompt and screen of Auth0's custom text)."""
    if issued is not None and issued.result_url:
        query = {"success": "true" if success else "false", "message": message}
        if user is not None and user.email and issued.options.get("includeEmailInRedirect", True):
            query = {"email": user.email, **query}
        return _no_referrer(redirect(_with_query(issued.result_url, query)))
    response = render_page("account_result.html", *screen, status=200 if success else 400,
                           heading=heading, message=message, success=success)
    return _no_referrer(response)


def _with_query(url: str, query: dict) -> str:
    parts = urlsplit(url)
    extra = urlencode(query)
    return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))


def _no_referrer(response):
    """The page's URL holds a ticket: never send it on as a Referer."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
