"""An agency's settings: its organization's metadata in the tenant.

Every member sees all of it; an ``org-admin`` (in the ID token, and still in the tenant when
saving) edits the keys of :data:`AGENCY` through the app's back end and the Management API. Auth0 replaces an organization's metadata as a whole
on ``PATCH /api/v2/organizations/{id}`` (it does not merge as it does for users), so a save
reads the current metadata first and sends it back with only the edited keys changed: keys
set by others (the ``tier`` Travel0 sets, anything an operator added) are never lost.
The ``tier`` is Travel0's, shown read-only beside the ID token's copy of it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from apps.common import error_response
from apps.common.management import ManagementRefused, management
from apps.common.metadata_form import Field, MetadataForm, merged_metadata, rows

from .org_context import is_org_admin, require_org

bp = Blueprint("settings", __name__, url_prefix="/orgs/<org_id>")

MAX_KEYS = 25  # Auth0: at most 25 metadata properties, string values of at most 255 chars
TIER_KEY = "tier"
CURRENCIES = {"EUR": "Euro (EUR)", "USD": "US dollar (USD)", "GBP": "Pound sterling (GBP)",
              "CHF": "Swiss franc (CHF)", "JPY": "Yen (JPY)", "AUD": "Australian dollar (AUD)"}
AGENCY = MetadataForm(
    Field("invoice_email", "Invoice email", kind="email", max_length=254,
          hint="Where Travel0 sends this agency's invoices."),
    Field("preferred_airline", "Preferred airline", max_length=80),
    Field("default_currency", "Default currency", kind="choice", choices=CURRENCIES),
)


@bp.get("/settings")
@login_required
def show(org_id: str):
    require_org(org_id)
    organization = management().get_organization(org_id)
    return _page(organization, AGENCY.initial(organization.get("metadata") or {}), {})


@bp.post("/settings")
@login_required
def save(org_id: str):
    """Admins only, whatever the form says; the rest of the metadata is sent back unchanged."""
    require_org(org_id)
    if not (is_org_admin() and _still_admin(org_id)):
        return error_response(
            403, "Only agency admins change settings",
            "Your role in this organization lets you see its settings, not change them.",
            error="access_denied")
    values = AGENCY.read(request.form)
    errors = AGENCY.validate(values)
    organization = management().get_organization(org_id)  # fresh: we send all of it back
    metadata = merged_metadata(organization.get("metadata") or {}, AGENCY.patch(values))
    if not errors and len(metadata) > MAX_KEYS:
        errors = {"form": f"This organization already has {MAX_KEYS} metadata keys, the most "
                          "the identity provider keeps. Ask Travel0 to remove unused ones."}
    if not errors:
        errors = _replace(org_id, metadata)
    if errors:
        return _page(organization, values, errors, status=400)
    current_app.extensions["b2b.orgs"].forget(org_id)
    flash("Agency settings saved.", "success")
    return redirect(url_for("settings.show", org_id=org_id), code=303)


def _still_admin(org_id: str) -> bool:
    """The token's roles are as of the login; a write asks the tenant whether they still hold
    (an admin demoted since then is refused at once, not when their session ends)."""
    admin = current_app.config["ORG_ADMIN_ROLE"]
    return admin in management().member_role_names(org_id, current_user.id)


def _replace(org_id: str, metadata: dict) -> dict:
    """Send the whole metadata; the tenant's refusal of it (400) as a form error."""
    try:
        management().replace_organization_metadata(org_id, metadata)
    except ManagementRefused as exc:
        if exc.status != 400:
            raise
        return {"form": f"The identity provider refused the change: {exc.message}"}
    return {}


def _page(organization: dict, form: dict, errors: dict, status: int = 200):
    metadata = organization.get("metadata") or {}
    tier_claim = current_app.config["ORG_TIER_CLAIM"]
    page = render_template(
        "b2b/settings.html", metadata=rows(metadata), form=form, errors=errors,
        definition=AGENCY, can_edit=is_org_admin(), tier=metadata.get(TIER_KEY),
        tier_claim=tier_claim, token_tier=current_user.claims.get(tier_claim))
    return page, status
