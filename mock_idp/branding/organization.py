"""An organization login's look: the organization's logo and colours over the tenant's.

Organizations come from the tenant files (checked at start-up) but also from the Management
API at run time, which only bounds the length of a colour. So every value is checked again
here, with the tenant branding's own rules (``#rgb``/``#rrggbb`` colours, absolute http(s)
logo URLs): one that fails is ignored and the tenant's value stays, so a hostile organization
can neither break the page nor write into its CSS.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from .. import organizations
from ..db import get_db
from .settings import COLOR, BrandingSpec

MAX_URL = 2048
# Characters a well-formed URL carries only percent-encoded: one holding them is refused
# even though escaping would keep it inert.
UNSAFE_URL = re.compile(r"[\s\"'<>\\`{}|^]")


def organization_for(params: dict):
    """The organization an /authorize request names (id or name), or None."""
    ref = params.get("organization")
    if not isinstance(ref, str) or not ref:
        return None
    try:
        return organizations.find(get_db(), ref)
    except SQLAlchemyError:  # a page must still render when the database is unwell
        current_app.logger.warning("organization %r could not be read for its branding", ref)
        return None


def safe_color(value) -> str | None:
    """``value`` lower-cased when it is a colour the page may use, else None."""
    return value.lower() if isinstance(value, str) and COLOR.fullmatch(value) else None


def safe_logo(value) -> str | None:
    """``value`` when it is an absolute http(s) URL the page may load, else None."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL or UNSAFE_URL.search(value):
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return value


def checked_branding(org) -> dict:
    """The organization's own logo and colours that pass the checks ("" where unset or not)."""
    branding = org.branding if isinstance(org.branding, dict) else {}
    colors = branding.get("colors") if isinstance(branding.get("colors"), dict) else {}
    return {"logo_url": safe_logo(branding.get("logo_url")) or "",
            "colors": {key: safe_color(colors.get(key)) or ""
                       for key in ("primary", "page_background")}}


def org_branding(spec: BrandingSpec, org) -> BrandingSpec:
    """The tenant's branding with the organization's valid logo and colours put over it."""
    if org is None:
        return spec
    own = checked_branding(org)
    return replace(spec, primary=own["colors"]["primary"] or spec.primary,
                   page_background=own["colors"]["page_background"] or spec.page_background,
                   logo_url=own["logo_url"] or spec.logo_url)


def organization_variable(org) -> dict | None:
    """Auth0's ``organization`` page-template variable (null outside organization logins)."""
    if org is None:
        return None
    metadata = org.org_metadata if isinstance(org.org_metadata, dict) else {}
    return {"id": org.id, "name": org.name, "display_name": org.display_name or org.name,
            "metadata": {key: value for key, value in metadata.items() if isinstance(value, str)},
            "branding": checked_branding(org)}
