"""The profile page: the user's account as the tenant has it now (Management API), the ID
token's claims as of the last login, the ``user_metadata`` form and the verification email.

The user id always comes from the session, never from the form, so nobody edits another
account. Edits go through the app's back end with its own M2M token: the browser never
talks to the Management API.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from apps.common.metadata_form import rows
from apps.common.user_profile import save_own_metadata, show_own_metadata
from apps.common.verification import remember, resend_verification_email, seconds_until_resend

from .profile_form import PROFILE

bp = Blueprint("profile", __name__)


@bp.get("/profile")
@login_required
def show():
    return show_own_metadata(PROFILE, _page)


@bp.post("/profile")
@login_required
def save():
    return save_own_metadata(
        PROFILE, _page, "Your profile was saved. Your ID token shows the change after your "
        "next login.", "profile.show")


@bp.post("/profile/verification-email")
@login_required
def resend_verification():
    category, message = resend_verification_email()
    flash(message, category)
    return redirect(url_for("profile.show"), code=303)


def _page(user: dict, form: dict, errors: dict, status: int = 200):
    """Render the profile from the tenant's ``user`` and the session's ID-token claims."""
    claims = current_user.claims
    page = render_template(
        "b2c/profile.html",
        account={"name": user.get("name"), "email": user.get("email"),
                 "email_verified": remember(user), "updated_at": user.get("updated_at")},
        app_metadata=rows(user.get("app_metadata") or {}),
        token_updated_at=claims.get("updated_at"),
        token_stale=_newer(user.get("updated_at"), claims.get("updated_at")),
        claims=rows(claims), form=form, errors=errors, definition=PROFILE,
        resend_wait=seconds_until_resend())
    return page, status


def _newer(tenant_stamp, token_stamp) -> bool:
    """True when the tenant's copy changed after the ID token was issued."""
    tenant, token = _instant(tenant_stamp), _instant(token_stamp)
    return tenant is not None and token is not None and tenant > token


def _instant(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
