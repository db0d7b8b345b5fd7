"""Organizations in `cookbook tenant deploy`: the customers the tenant files name (a demo
agency, or one onboarded by committing it to the repository) are created or brought in line
with the files — display name, branding, metadata and enabled connections with their flags.

Organizations the files do not name are never deleted, in any environment: in a B2B tenant
most of them are customers provisioned at run time (the operator console, the Management
API), and a deploy must not remove a customer. Members, member roles and invitations are
run-time data too and are never touched. Within an organization the files own the enabled
connections: missing ones are enabled (in the files' order, which decides the login form a
new organization shows first), others updated or, where deletions are allowed, disabled.
"""

from __future__ import annotations

from scenarios.deploy_org_grants import (
    apply_org_client_grant_removal,
    apply_org_client_grants,
    plan_org_client_grants,
    read_org_client_grants,
    wanted_org_client_grants,
)
from scenarios.management import Management, ManagementError

__all__ = ["apply_org_client_grant_removal", "apply_org_client_grants",
           "apply_org_connection_removal", "apply_org_connections", "apply_organization",
           "plan_organizations", "read_organizations"]

ORG_FIELDS = ("display_name", "branding", "metadata")
CONNECTION_FLAGS = ("assign_membership_on_login", "show_as_button", "is_signup_enabled")


def read_organizations(mgmt: Management, names: dict[str, str]) -> dict[str, dict] | None:
    """The tenant's organizations by name, each with ``connections`` (name → flags) and
    ``client_grants`` (client names; ``names`` maps client ids to names); None when the
    deploying client may not read organizations (then they are left alone)."""
    found = mgmt.all_if_allowed("/organizations", "organizations")
    if found is None:
        return None
    organizations = {}
    for org in found:
        enabled = mgmt.all(f"/organizations/{org['id']}/enabled_connections",
                           "enabled_connections")
        organizations[org["name"]] = {**org, "connections": {
            item["connection"]["name"]: {flag: bool(item.get(flag)) for flag in CONNECTION_FLAGS}
            for item in enabled}, "client_grants": read_org_client_grants(mgmt, org["id"], names)}
    return organizations


def wanted_organizations(spec) -> dict[str, dict]:
    """The organizations of the tenant files, shaped like ``read_organizations``."""
    wanted = {}
    for org in spec.section("organizations"):
        local = {"name": org["name"], "display_name": org.get("display_name") or org["name"],
                 "metadata": dict(org.get("metadata") or {})}
        if org.get("branding"):
            local["branding"] = org["branding"]
        local["connections"] = {
            item["name"]: {flag: bool(item.get(flag, flag == "show_as_button"))
                           for flag in CONNECTION_FLAGS}
            for item in org.get("connections") or []}
        local["client_grants"] = wanted_org_client_grants(org)
        wanted[org["name"]] = local
    return wanted


def plan_organizations(spec, remote: dict[str, dict] | None, change_type) -> list:
    """Create/update/keep changes for the files' organizations, then their connections."""
    if remote is None:
        return []
    changes = []
    for name, local in wanted_organizations(spec).items():
        existing = remote.get(name)
        if existing is None:
            changes.append(change_type("create", "organization", name, local))
            held, held_grants = {}, []
        else:
            delta = {key: local[key] for key in ORG_FIELDS
                     if key in local and local[key] != existing.get(key)}
            changes.append(change_type("update" if delta else "keep", "organization", name,
                                       delta, existing))
            held, held_grants = existing["connections"], existing["client_grants"]
        changes += _connection_changes(name, local["connections"], held, existing,
                                       change_type)
        changes += plan_org_client_grants(name, local["client_grants"], held_grants, existing,
                                          change_type)
    return changes


def _connection_changes(org: str, wanted: dict[str, dict], held: dict[str, dict],
                        existing: dict | None, change_type) -> list:
    """One change enabling/updating what the files list; one deletion per connection the
    organization has and the files do not (skipped where deletions are not allowed)."""
    delta = {"enable": [(name, flags) for name, flags in wanted.items() if name not in held],
             "update": [(name, flags) for name, flags in wanted.items()
                        if name in held and held[name] != flags]}
    delta = {key: value for key, value in delta.items() if value}
    changes = [change_type("update", "org_connections", org, delta, existing)] if delta else []
    return changes + [change_type("delete", "org_connection", f"{org}/{name}",
                                  remote={"organization": existing, "connection": name})
                      for name in held if name not in wanted]


def apply_organization(change, mgmt: Management, ids: dict) -> None:
    """Create an organization (its connections follow as their own change) or patch it."""
    if change.action == "create":
        mgmt.call("POST", "/organizations", json={
            key: change.payload[key] for key in ("name", *ORG_FIELDS) if key in change.payload})
    elif change.action == "update":
        mgmt.call("PATCH", f"/organizations/{change.remote['id']}", json=change.payload)


def apply_org_connections(change, mgmt: Management, ids: dict) -> None:
    """Enable (in the files' order) and update the organization's connections."""
    org_id = (change.remote or mgmt.call("GET", f"/organizations/name/{change.name}"))["id"]
    base = f"/organizations/{org_id}/enabled_connections"
    for name, flags in change.payload.get("enable", []):
        mgmt.call("POST", base, json={"connection_id": _connection_id(mgmt, ids, change.name,
                                                                      name), **flags})
    for name, flags in change.payload.get("update", []):
        mgmt.call("PATCH", f"{base}/{_connection_id(mgmt, ids, change.name, name)}", json=flags)


def apply_org_connection_removal(change, mgmt: Management, ids: dict) -> None:
    org = change.remote["organization"]
    connection_id = _connection_id(mgmt, ids, org["name"], change.remote["connection"])
    mgmt.call("DELETE", f"/organizations/{org['id']}/enabled_connections/{connection_id}")


def _connection_id(mgmt: Management, ids: dict, org: str, name: str) -> str:
    """Any connection's id by name (databases and enterprise connections alike)."""
    known = ids.setdefault("any_connection", {})
    if name not in known:
        known.update({c["name"]: c["id"] for c in mgmt.all("/connections", "connections")})
    if name not in known:
        raise ManagementError(f"organization {org}: the tenant has no connection named {name}")
    return known[name]
