"""What attack protection answers when it refuses: Auth0's wording and error codes.

``message`` is the Universal Login text (the ``login-password`` / ``signup-password``
prompts' ``user-blocked``, ``ip-blocked``, ``password-breached``, ``ip-signup-blocked``
keys); ``error``/``description`` are what JSON endpoints answer (as Lock and the
Authentication API name them: ``too_many_attempts``, ``password_leaked``).
"""

from __future__ import annotations

from flask import jsonify

USER_BLOCKED = "Your account has been blocked after multiple consecutive login attempts."
EMAIL_SENT = " We've sent you an email with instructions on how to unblock it."
IP_BLOCKED = ("We have detected suspicious login behavior and further attempts will be "
              "blocked. Please contact the administrator.")
IP_SIGNUP_BLOCKED = "Too many signups from the same IP"
LOGIN_BREACHED = ("We have detected a potential security issue with this account. To protect "
                  "your account, we have prevented this login. Please reset your password to "
                  "proceed.")
LOGIN_BREACHED_API = ("This login has been blocked because your password has been leaked in "
                      "another website. We've sent you an email with instructions on how to "
                      "unblock it.")
SIGNUP_BREACHED = ("This combination of credentials was detected in a public data breach on "
                   "another website. Before your account is created, please use a different "
                   "password to keep it secure.")
# Auth0 documents no Universal Login text for a reset refused this way; this follows the
# sign-up wording (our phrasing).
CHANGE_BREACHED = ("This password was detected in a public data breach on another website. "
                   "Please use a different password to keep your account secure.")


class Refused(Exception):
    """A login or sign-up attack protection stopped; views show ``message`` in the form."""

    def __init__(self, message: str, error: str, description: str | None = None,
                 status: int = 429, field: str = "password"):
        super().__init__(message)
        self.message = message
        self.error = error
        self.description = description or message
        self.status = status
        self.field = field

    def json_response(self):
        """Auth0's Authentication API error body for JSON callers."""
        response = jsonify(error=self.error, error_description=self.description)
        response.status_code = self.status
        return response


def account_blocked(notified: bool) -> Refused:
    text = USER_BLOCKED + (EMAIL_SENT if notified else "")
    return Refused(text, "too_many_attempts", text)


def ip_throttled(signup: bool = False) -> Refused:
    if signup:
        return Refused(IP_SIGNUP_BLOCKED, "too_many_attempts", IP_SIGNUP_BLOCKED, field="email")
    return Refused(IP_BLOCKED, "too_many_attempts", IP_BLOCKED)


def login_breached() -> Refused:
    return Refused(LOGIN_BREACHED, "password_leaked", LOGIN_BREACHED_API, status=400)


def signup_breached() -> Refused:
    return Refused(SIGNUP_BREACHED, "password_leaked", SIGNUP_BREACHED, status=400)
