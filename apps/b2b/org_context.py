"""The organization a member is signed in to, as the app shows and enforces it.

The id and name come only from the verified ID token (``org_id``, ``org_name``); the display
name, branding and metadata from the Management API, cached per organization for a few
minutes. Org roles come from the namespaced claim the tenant's post-login Action sets.
"""

from __future__ import annotations

import re
import threading
import time
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_login import current_user

from apps.common import UpstreamError, error_response
from apps.common.management import ManagementRefused, management
from apps.common.organizations import ORG_ID

HEX_COLOR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
DEFAULT_COLOR = "#0b5cad"


class OrgMismatch(Exception):
    """A URL names an organization other than the one the member is signed in to."""

    def __init__(self, requested: str):
        super().__init__(requested)
        self.requested = requested


class OrgCache:
    """Organization profiles by id, each kept ``ttl`` seconds (thread-safe)."""

    def __init__(self, ttl: float):
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, dict]] = {}

    def get(self, org_id: str, load) -> dict:
        with self._lock:
            hit = self._entries.get(org_id)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        profile = load(org_id)
        with self._lock:
            self._entries[org_id] = (time.monotonic() + self.ttl, profile)
        return profile

    def forget(self, org_id: str) -> None:
        """Drop ``org_id``'s profile (it was just changed): the next page reads it afresh."""
        with self._lock:
            self._entries.pop(org_id, None)


def signed_in_org_id() -> str | None:
    return current_user.claims.get("org_id") if current_user.is_authenticated else None


def require_org(org_id: str) -> str:
    """``org_id`` when it is the organization of the member's token, else ``OrgMismatch``."""
    if org_id != signed_in_org_id():
        raise OrgMismatch(org_id)
    return org_id


def org_roles() -> list[str]:
    roles = current_user.claims.get(current_app.config["ORG_ROLES_CLAIM"]) or []
    return [role for role in roles if isinstance(role, str)] if isinstance(roles, list) else []


def is_org_admin() -> bool:
    """The member's token names the admin role of the signed-in organization."""
    return current_app.config["ORG_ADMIN_ROLE"] in org_roles()


def assignable_roles() -> list[str]:
    """``INVITE_ROLES``: the organization roles an admin may give (on an invitation or to a
    member), comma or space separated."""
    return current_app.config["INVITE_ROLES"].replace(",", " ").split()


def admin_refusal(org_id: str, *, ask_tenant: bool, title: str, message: str):
    """None when the member is an ``org-admin`` of ``org_id`` (the token's organization); else
    the 403 page. ``ask_tenant``: also ask the tenant now (for changes), so an admin demoted
    since their login is refused at once."""
    require_org(org_id)
    admin = current_app.config["ORG_ADMIN_ROLE"]
    if is_org_admin() and (not ask_tenant or
                           admin in management().member_role_names(org_id, current_user.id)):
        return None
    return error_response(403, title, message, error="access_denied")


def current_org() -> dict | None:
    """Display data of the signed-in organization: id, name, display name, colour, logo."""
    org_id = signed_in_org_id()
    if not org_id:
        return None
    cache = current_app.extensions["b2b.orgs"]
    profile = cache.get(org_id, lambda oid: management().get_organization(oid))
    branding = profile.get("branding") or {}
    color = (branding.get("colors") or {}).get("primary", "")
    logo = branding.get("logo_url") or ""
    return {"id": org_id, "name": current_user.claims.get("org_name") or profile.get("name"),
            "display_name": profile.get("display_name") or profile.get("name") or org_id,
            "primary_color": color if HEX_COLOR.fullmatch(color) else DEFAULT_COLOR,
            "logo_url": logo if urlsplit(logo).scheme in ("http", "https") else None,
            "metadata": profile.get("metadata") or {}, "roles": org_roles()}


def _org_for_templates() -> dict:
    """``org`` for every page; an unreachable Management API only costs the branding."""
    try:
        return {"org": current_org()}
    except (UpstreamError, ManagementRefused):
        org_id = signed_in_org_id()
        return {"org": org_id and {"id": org_id, "display_name": org_id, "roles": org_roles(),
                                   "primary_color": DEFAULT_COLOR, "logo_url": None,
                                   "name": None, "metadata": {}}}


def _mismatch(exc: OrgMismatch):
    return error_response(
        403, "Another organization",
        "This page belongs to another organization than the one you are signed in to. "
        "Switch organization to open it; the identity provider checks that you are a member.",
        error="organization_mismatch", template="b2b/org_mismatch.html",
        switch_url=url_for("switcher.switch", org_id=exc.requested)
        if ORG_ID.fullmatch(exc.requested) else None)


def init_app(app) -> None:
    app.extensions["b2b.orgs"] = OrgCache(app.config["ORG_CACHE_SECONDS"])
    app.register_error_handler(OrgMismatch, _mismatch)
    app.context_processor(_org_for_templates)
