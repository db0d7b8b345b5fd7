"""The profile form: which ``user_metadata`` keys a user may edit, and their validation.

Only these keys are ever sent to the tenant; anything else in the posted form (an
``app_metadata`` field, another user's id) is never read.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "fr": "Français", "de": "Deutsch", "es": "Español",
             "it": "Italiano", "nl": "Nederlands"}
MAX_DISPLAY_NAME = 50
CONSENT_VALUE = "yes"  # the checkbox's value when ticked


def read_form(form) -> dict:
    """The editable fields from a posted form (a missing checkbox means "no")."""
    return {
        "display_name": form.get("display_name", "").strip(),
        "marketing_consent": form.get("marketing_consent") == CONSENT_VALUE,
        "preferred_language": form.get("preferred_language", "").strip(),
    }


def form_from_metadata(metadata: dict) -> dict:
    """The form's initial values from the user's current ``user_metadata``."""
    name = metadata.get("display_name")
    language = metadata.get("preferred_language")
    return {
        "display_name": name if isinstance(name, str) else "",
        "marketing_consent": metadata.get("marketing_consent") is True,
        "preferred_language": language if language in LANGUAGES else "",
    }


def validate_profile(form: dict) -> dict:
    """Field errors of the profile form (empty when it is fine to send)."""
    errors = {}
    name = form["display_name"]
    if len(name) > MAX_DISPLAY_NAME or not name.isprintable():
        errors["display_name"] = (f"Use at most {MAX_DISPLAY_NAME} characters, without line "
                                  "breaks or control characters.")
    if form["preferred_language"] and form["preferred_language"] not in LANGUAGES:
        errors["preferred_language"] = "Choose one of the listed languages."
    return errors


def metadata_patch(form: dict) -> dict:
    """The ``user_metadata`` to PATCH: exactly the form's keys; an empty field deletes its key
    (Auth0 removes keys whose value is ``null``)."""
    return {
        "display_name": form["display_name"] or None,
        "marketing_consent": form["marketing_consent"],
        "preferred_language": form["preferred_language"] or None,
    }
