"""Validation of ``organizations`` (auth0-deploy-cli shape) and of the clients' organization
settings. Connections are named, as deploy-cli writes them; the mock turns names into ids."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..organizations import NAME

USAGE = {"deny", "allow", "require"}
REQUIRE_BEHAVIOR = {"no_prompt", "pre_login_prompt", "post_login_prompt"}
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
CONNECTION_FLAGS = ("assign_membership_on_login", "show_as_button", "is_signup_enabled")
MAX_METADATA_KEYS = 25
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


def validate_client_organizations(check, client: dict, where: str) -> None:
    """``organization_usage``, ``organization_require_behavior`` and ``initiate_login_uri``."""
    usage = check.choice(client.get("organization_usage"), f"{where}.organization_usage",
                         USAGE, "deny")
    behavior = check.choice(client.get("organization_require_behavior"),
                            f"{where}.organization_require_behavior", REQUIRE_BEHAVIOR)
    if behavior is not None and usage == "deny":
        check.fail(f"{where}.organization_require_behavior",
                   "only applies when organization_usage is allow or require")
    uri = client.get("initiate_login_uri")
    if uri is not None:
        check.url(uri, f"{where}.initiate_login_uri")
        parts = urlsplit(uri)
        # Auth0 takes https only; the mock also lets a laptop's own address through.
        if parts.scheme != "https" and parts.hostname not in LOCAL_HOSTS:
            check.fail(f"{where}.initiate_login_uri", f"{uri!r} must use https")


def validate_grant_organizations(check, grant: dict, where: str) -> None:
    """A client grant's ``organization_usage`` and ``allow_any_organization`` (M2M)."""
    check.choice(grant.get("organization_usage"), f"{where}.organization_usage", USAGE)
    if "allow_any_organization" in grant and not isinstance(grant["allow_any_organization"], bool):
        check.fail(f"{where}.allow_any_organization", "must be true or false")


def _client_grants(check, items, where: str, grants: dict) -> None:
    """``client_grants: [{client_id: <client name>}]``: a0deploy finds the grant by its
    client's name alone, so that client must hold exactly one grant in ``clientGrants``."""
    seen = []
    for j, item in enumerate(check.items(items, where)):
        cwhere = f"{where}[{j}]"
        check.mapping(item, cwhere)
        name = check.text(item.get("client_id"), f"{cwhere}.client_id")
        if grants.get(name, 0) != 1:
            check.fail(f"{cwhere}.client_id", f"{name!r} must hold exactly one grant in "
                       f"clientGrants (it holds {grants.get(name, 0)})")
        seen.append(name)
    check.unique(seen, where, "client")


def validate_organizations(check, data: dict, connections: set) -> None:
    names = []
    grants: dict[str, int] = {}
    for grant in data.get("clientGrants") or []:
        grants[grant["client_id"]] = grants.get(grant["client_id"], 0) + 1
    for i, org in enumerate(check.items(data.get("organizations"), "organizations")):
        where = f"organizations[{i}]"
        check.mapping(org, where)
        name = check.text(org.get("name"), f"{where}.name")
        if not NAME.match(name):
            check.fail(f"{where}.name", f"{name!r} must be 1-50 lowercase letters, digits, "
                       "'-' or '_', starting and ending with a letter or digit")
        names.append(name)
        if org.get("display_name") is not None:
            check.text(org["display_name"], f"{where}.display_name")
            if len(org["display_name"]) > 255:
                check.fail(f"{where}.display_name", "longer than 255 characters")
        _branding(check, org.get("branding"), f"{where}.branding")
        _metadata(check, org.get("metadata"), f"{where}.metadata")
        _connections(check, org.get("connections"), f"{where}.connections", connections)
        _client_grants(check, org.get("client_grants"), f"{where}.client_grants", grants)
    check.unique(names, "organizations", "organization name")


def _branding(check, branding, where: str) -> None:
    if branding is None:
        return
    check.mapping(branding, where)
    if branding.get("logo_url") is not None:
        check.url(branding["logo_url"], f"{where}.logo_url")
    colors = check.mapping(branding.get("colors") or {}, f"{where}.colors")
    for key, value in colors.items():
        if key not in ("primary", "page_background"):
            check.fail(f"{where}.colors.{key}", "unknown color (primary, page_background)")
        if not isinstance(value, str) or not COLOR.match(value):
            check.fail(f"{where}.colors.{key}", f"{value!r} is not a hex color like #1a2b3c")


def _metadata(check, metadata, where: str) -> None:
    if metadata is None:
        return
    check.mapping(metadata, where)
    if len(metadata) > MAX_METADATA_KEYS:
        check.fail(where, f"at most {MAX_METADATA_KEYS} keys")
    for key, value in metadata.items():
        if not isinstance(value, str) or len(value) > 255:
            check.fail(f"{where}.{key}", "metadata values are strings of at most 255 characters")


def _connections(check, items, where: str, connections: set) -> None:
    seen = []
    for j, item in enumerate(check.items(items, where)):
        cwhere = f"{where}[{j}]"
        check.mapping(item, cwhere)
        name = check.text(item.get("name"), f"{cwhere}.name")
        if name not in connections:
            check.fail(f"{cwhere}.name", f"no connection named {name!r} in the tenant")
        for flag in CONNECTION_FLAGS:
            if flag in item and not isinstance(item[flag], bool):
                check.fail(f"{cwhere}.{flag}", "must be true or false")
        seen.append(name)
    check.unique(seen, where, "connection")
