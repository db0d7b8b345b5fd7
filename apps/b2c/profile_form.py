"""The profile form: which ``user_metadata`` keys a Travel0 customer may edit.

The checks and the patch rules are the shared ones of :mod:`apps.common.metadata_form`;
only these keys are ever sent to the tenant.
"""

from __future__ import annotations

from apps.common.metadata_form import (
    CHECKED,
    DISPLAY_NAME,
    LANGUAGES,
    PREFERRED_LANGUAGE,
    Field,
    MetadataForm,
)

__all__ = ["CONSENT_VALUE", "LANGUAGES", "PROFILE", "form_from_metadata", "metadata_patch",
           "read_form", "validate_profile"]

CONSENT_VALUE = CHECKED

PROFILE = MetadataForm(DISPLAY_NAME, PREFERRED_LANGUAGE,
                       Field("marketing_consent", "Send me travel offers by email", kind="flag"))

read_form = PROFILE.read
form_from_metadata = PROFILE.initial
validate_profile = PROFILE.validate
metadata_patch = PROFILE.patch
