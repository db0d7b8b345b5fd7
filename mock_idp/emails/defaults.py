"""Auth0's built-in wording, used for a template the tenant files do not customize (as a
tenant without custom templates sends Auth0's defaults)."""

from __future__ import annotations

_BUTTON = ('<p><a href="{{ url }}" style="background:#635dff;color:#ffffff;padding:12px 20px;'
           'border-radius:6px;text-decoration:none;display:inline-block">{label}</a></p>'
           '<p>Or copy this link into your browser:<br>{{ url }}</p>')


def _page(title: str, body: str) -> str:
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body style=\"font-family:sans-serif;color:#1e212a\">"
            f"<h1>{title}</h1>{body}<p>{{{{ friendly_name }}}}</p></body></html>")


DEFAULTS = {
    "verify_email": ("Verify your email", _page(
        "Verify your email",
        "<p>Hello {{ user.email }}, please confirm your email address for "
        "{{ application.name }}.</p>" + _BUTTON.replace("{label}", "Verify your account"))),
    "welcome_email": ("Welcome to {{ application.name }}", _page(
        "Welcome", "<p>Hello {{ user.email }}, your account is ready.</p>")),
    "reset_email": ("Reset your password", _page(
        "Reset your password",
        "<p>We received a request to reset the password of {{ user.email }}.</p>"
        + _BUTTON.replace("{label}", "Reset password")
        + "<p>If you did not ask for this, ignore this email: your password stays the same.</p>")),
    "blocked_account": ("Your account has been blocked", _page(
        "Your account has been blocked",
        "<p>We detected suspicious login attempts on {{ user.email }} and blocked further "
        "attempts from that address.</p>" + _BUTTON.replace("{label}", "Unblock my account"))),
    "change_password": ("Your password was changed", _page(
        "Your password was changed",
        "<p>The password of {{ user.email }} was changed. If this was not you, reset it now "
        "and contact {{ support_email }}.</p>")),
    "stolen_credentials": ("Your password may have been exposed", _page(
        "Your password may have been exposed",
        "<p>The password used to sign in to {{ user.email }} appears in a data breach on "
        "another website. Choose a new one to keep your account safe.</p>"
        + _BUTTON.replace("{label}", "Choose a new password"))),
    "user_invitation": ("You're invited to join {{ organization.display_name }}", _page(
        "You're invited",
        "<p>{{ inviter.name }} invited you to join {{ organization.display_name }} on "
        "{{ application.name }}.</p>" + _BUTTON.replace("{label}", "Accept invitation"))),
    "password_reset": ("Your password was reset", _page(
        "Your password was reset",
        "<p>The password of {{ user.email }} was reset. If this was not you, contact "
        "{{ support_email }}.</p>")),
}
