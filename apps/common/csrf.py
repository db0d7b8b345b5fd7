"""CSRF tokens for every form: one random token per session, checked on each unsafe request."""

from __future__ import annotations

import hmac
import secrets

from flask import request, session

from .errors import error_response

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
_SESSION_KEY = "_csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_token() -> str:
    """The session's token, created on first use (templates call this for hidden fields)."""
    token = session.get(_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[_SESSION_KEY] = token
    return token


def _check_csrf():
    if request.method not in UNSAFE_METHODS:
        return None
    expected = session.get(_SESSION_KEY)
    sent = request.form.get(FIELD) or request.headers.get(HEADER)
    if expected and sent and hmac.compare_digest(expected, sent):
        return None
    return error_response(
        400, "Form expired",
        "This form is missing its security token or the token has expired. "
        "Go back, reload the page and try again.",
        error="csrf_failed")


def init_app(app) -> None:
    app.before_request(_check_csrf)
    app.jinja_env.globals["csrf_token"] = csrf_token
