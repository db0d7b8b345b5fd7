"""An agent's own details: their ``user_metadata`` (display name, phone, language), edited
through the app's back end and the Management API with Auth0's merge, and their
``app_metadata``, which belongs to Travel0 and is shown read-only.

The same form machinery and save rules as Travel0's consumer profile
(:mod:`apps.common.metadata_form`, :mod:`apps.common.user_profile`).
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from apps.common.metadata_form import (
    DISPLAY_NAME,
    PREFERRED_LANGUAGE,
    Field,
    MetadataForm,
    rows,
)
from apps.common.user_profile import save_own_metadata, show_own_metadata

bp = Blueprint("account", __name__)

DETAILS = MetadataForm(
    DISPLAY_NAME,
    Field("phone", "Phone", kind="tel", max_length=30,
          hint="So your agency and Travel0 can reach you about a booking."),
    PREFERRED_LANGUAGE,
)


@bp.get("/profile")
@login_required
def show():
    return show_own_metadata(DETAILS, _page)


@bp.post("/profile")
@login_required
def save():
    return save_own_metadata(DETAILS, _page, "Your details were saved.", "account.show")


def _page(user: dict, form: dict, errors: dict, status: int = 200):
    page = render_template("b2b/account.html", email=user.get("email"), form=form,
                           errors=errors, definition=DETAILS,
                           app_metadata=rows(user.get("app_metadata") or {}))
    return page, status
