"""The "provision an organization" form: checked field by field into a provisioning spec."""

from __future__ import annotations

import re

from apps.common.organizations import ORG_NAME

COLOR = re.compile(r"#[0-9a-fA-F]{6}")
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}")
URL = re.compile(r"https?://[^\s\"'<>]{1,240}")
TIERS = ("bronze", "silver", "gold")
REGIONS = ("emea", "amer", "apac")
MODES = ("invite", "create")
ENTERPRISE_STRATEGIES = ["oidc", "samlp", "waad", "adfs", "okta", "google-apps", "pingfederate"]
FIELDS = ("name", "display_name", "logo_url", "primary_color", "page_background", "tier",
          "region", "connection", "admin_email", "admin_mode")


def blank() -> dict:
    return {"tier": "silver", "region": "emea", "admin_mode": "invite",
            "primary_color": "#0a7c6b", "page_background": "#ffffff"}


def read(form) -> dict:
    """The submitted values (trimmed strings; absent fields empty)."""
    return {key: (form.get(key) or "").strip()[:300] for key in FIELDS}


def validate(values: dict, connections: dict[str, str]) -> dict[str, str]:
    """Field name → what is wrong. ``connections``: name → strategy of the choosable ones."""
    errors = {}
    if not ORG_NAME.fullmatch(values["name"]):
        errors["name"] = ("Lowercase letters, digits, '-' and '_', at most 50 characters, "
                          "starting and ending with a letter or digit.")
    if not 1 <= len(values["display_name"]) <= 255:
        errors["display_name"] = "Give the name people see (at most 255 characters)."
    if values["logo_url"] and not URL.fullmatch(values["logo_url"]):
        errors["logo_url"] = "An http(s) address of at most 240 characters, or nothing."
    for key in ("primary_color", "page_background"):
        if not COLOR.fullmatch(values[key]):
            errors[key] = "A colour as #rrggbb."
    if values["tier"] not in TIERS:
        errors["tier"] = "Choose a tier."
    if values["region"] not in REGIONS:
        errors["region"] = "Choose a region."
    if values["connection"] not in connections:
        errors["connection"] = "Choose one of the listed connections."
    if not EMAIL.fullmatch(values["admin_email"]) or len(values["admin_email"]) > 320:
        errors["admin_email"] = "An email address."
    if values["admin_mode"] not in MODES:
        errors["admin_mode"] = "Invite or create."
    elif (values["admin_mode"] == "create"
          and connections.get(values["connection"], "auth0") != "auth0"):
        errors["admin_mode"] = ("An enterprise connection's users sign in at their own "
                                "identity provider: invite the first admin instead.")
    return errors


def spec(values: dict, admin_role: str, inviter: str) -> dict:
    """What the provisioning record keeps (no secret: a created admin's password is never
    chosen here)."""
    branding = {"colors": {"primary": values["primary_color"],
                           "page_background": values["page_background"]}}
    if values["logo_url"]:
        branding["logo_url"] = values["logo_url"]
    return {"name": values["name"], "display_name": values["display_name"],
            "branding": branding,
            "metadata": {"tier": values["tier"], "region": values["region"]},
            "connection": values["connection"], "admin_email": values["admin_email"].lower(),
            "admin_mode": values["admin_mode"], "admin_role": admin_role, "inviter": inviter}
