"""The app's own page for errors the tenant reports.

Two ways an error reaches the app: on ``/callback`` (``error``/``error_description`` from
the tenant, a state mismatch, a rejected token: see ``auth.callback``) and on ``/error``, the
page the tenant's ``error_page.url`` names, for errors it cannot send to a callback (an
unknown client, a callback URL not on the allow-list, an expired login page). Both render
the same styled page with a title people understand. Everything shown comes from the query
string, so it is length-limited, kept to printable text and escaped by the template.
"""

from __future__ import annotations

import re

from flask import Blueprint, request

from .errors import error_response

bp = Blueprint("tenant_errors", __name__)
ERROR_CODE = re.compile(r"[a-z][a-z0-9_.\-]{0,63}")
TRACKING = re.compile(r"[A-Za-z0-9\-]{1,64}")
MAX_DESCRIPTION = 500
TITLES = {
    "access_denied": "Access denied",
    "unauthorized": "This account cannot sign in",
    "login_required": "Please log in",
    "consent_required": "Your consent is needed",
    "interaction_required": "More information is needed to sign you in",
    "invalid_request": "The login request was not valid",
    "unauthorized_client": "This application is not set up for that login",
    "invalid_state": "This login has expired",
    "invalid_grant": "This login has expired",
    "invalid_id_token": "The sign-in answer could not be trusted",
    "too_many_attempts": "Too many attempts",
    "server_error": "The sign-in service had a problem",
    "temporarily_unavailable": "The sign-in service is busy",
}


def title_for(error: str) -> str:
    """A heading for ``error`` (Auth0's and OAuth's codes); a generic one for others."""
    return TITLES.get(error, "Something went wrong while signing you in")


def clean_description(text: str | None) -> str:
    """At most ``MAX_DESCRIPTION`` printable characters of what the tenant said."""
    text = "".join(ch for ch in (text or "") if ch.isprintable())
    return text[:MAX_DESCRIPTION].strip()


@bp.get("/error")
def tenant_error():
    """Where the tenant's ``error_page.url`` sends the browser."""
    raw = request.args.get("error", "")
    error = raw if ERROR_CODE.fullmatch(raw) else "unknown_error"
    tracking = request.args.get("tracking", "")
    description = clean_description(request.args.get("error_description")) or (
        "The sign-in service could not complete your request.")
    return error_response(400, title_for(error), description, error=error,
                          template="common/login_failed.html",
                          tracking=tracking if TRACKING.fullmatch(tracking) else None)
