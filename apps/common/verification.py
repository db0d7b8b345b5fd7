"""Email verification from the app's side: is the user's address verified, a guard for pages
that need it, and the rate-limited "resend the verification email".

Which source counts: the ID token's ``email_verified`` is a snapshot from the last login. A
``true`` there (or from the tenant since) is trusted for the session. A ``false`` is re-checked
with the Management API when a guarded page is used, because the user may have opened the link
since logging in; the answer is remembered in the session, so nobody has to log in again after
verifying. The ID token itself only changes at the next login.
"""

from __future__ import annotations

import math
import time
from functools import wraps

from flask import current_app, session, url_for
from flask_login import current_user

from .errors import error_response
from .management import management

EXTENSION_KEY = "cookbook_verification"
VERIFIED_KEY = "_email_verified"  # the tenant's latest answer, fresher than the ID token
SENT_KEY = "_verification_sent_at"


def email_verified(check_tenant: bool = True) -> bool:
    """True when the signed-in user's email is verified, by the freshest source at hand."""
    known = session.get(VERIFIED_KEY)
    if known is True or (known is None and current_user.claims.get("email_verified") is True):
        return True
    if not check_tenant:
        return False
    return remember(management().get_user(current_user.id))


def remember(tenant_user: dict) -> bool:
    """Keep the Management API's ``email_verified`` in the session; returns it."""
    verified = tenant_user.get("email_verified") is True
    if session.get(VERIFIED_KEY) is not verified:
        session[VERIFIED_KEY] = verified
    return verified


def verified_email_required(view=None, *, action: str = "This page"):
    """Refuse the view with an explaining 403 page until the user's email is verified.

    Use as ``@verified_email_required`` or ``@verified_email_required(action="Placing an
    order")``; anonymous users are sent to log in first.
    """
    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not email_verified():
                return _refusal(action)
            return view(*args, **kwargs)
        return guarded
    return decorate(view) if view is not None else decorate


def _refusal(action: str):
    address = current_user.email or "your email address"
    return error_response(
        403, "Please verify your email address",
        f"{action} needs a verified email address, so that we can send you confirmations and "
        f"reach you about your account. Open the link in the verification email we sent to "
        f"{address}, then try again.",
        error="email_not_verified", template="common/email_unverified.html",
        resend_url=url_for(current_app.extensions[EXTENSION_KEY]["resend_page"]))


def resend_verification_email() -> tuple[str, str]:
    """Ask the tenant to mail a new verification link to the signed-in user, at most once per
    ``VERIFY_EMAIL_RESEND_INTERVAL`` seconds per session; returns (flash category, message)."""
    wait = seconds_until_resend()
    if wait > 0:
        return "warning", (f"A verification email was sent moments ago. Check your inbox (and "
                           f"spam folder), or ask again in {wait} seconds.")
    user = management().get_user(current_user.id)
    if remember(user):
        return "info", "Your email address is already verified: there is nothing to resend."
    if not user.get("email"):
        return "warning", "Your account has no email address to verify."
    management().send_verification_email(current_user.id, current_app.config["AUTH0_CLIENT_ID"])
    session[SENT_KEY] = time.time()
    return "success", (f"We sent a new verification link to {user['email']}. Open it, then "
                       "come back: this app notices the change without a new login.")


def seconds_until_resend() -> int:
    """Seconds this session still has to wait before it may ask for another email."""
    sent = session.get(SENT_KEY)
    if not isinstance(sent, (int, float)):
        return 0
    left = sent + current_app.config["VERIFY_EMAIL_RESEND_INTERVAL"] - time.time()
    return max(0, math.ceil(left))


def init_app(app, resend_page: str) -> None:
    """``resend_page``: the endpoint where users resend the email (linked from refusals)."""
    app.extensions[EXTENSION_KEY] = {"resend_page": resend_page}
