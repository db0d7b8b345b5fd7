"""Deploy the tenant files' organizations and the demo users' memberships.

Organizations are matched by name (ids derived from it, as for roles) and their settings
and enabled connections follow the files. Organizations are customers, created at run time
too (provisioning through the Management API), so like users they outlive a restart: an
organization that is not in the files is left alone. Memberships are only ever added, like
the demo users' tenant roles: a restart keeps members added in the running tenant.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import organizations
from ..models import (
    ClientGrant,
    Connection,
    Organization,
    OrganizationClientGrant,
    OrganizationConnection,
    User,
)
from .loader import TenantSpec


def deploy_organizations(db: Session, spec: TenantSpec, now: int, stable_id) -> dict[str, str]:
    """Upsert the organizations and their connections; returns name -> id."""
    ids = {}
    connections = {c.name: c.id for c in db.scalars(select(Connection))}
    for item in spec.section("organizations"):
        # One made at run time under this name is adopted rather than duplicated.
        org = db.scalar(select(Organization).where(Organization.name == item["name"])) or \
            Organization(id=stable_id("org_", "organization", item["name"]), created_at=now)
        org_id = org.id
        db.execute(delete(OrganizationConnection).where(
            OrganizationConnection.organization_id == org_id))
        org.name = item["name"]
        org.display_name = item.get("display_name")
        org.branding = dict(item.get("branding") or {})
        org.org_metadata = dict(item.get("metadata") or {})
        db.merge(org)
        for position, conn in enumerate(item.get("connections") or []):
            db.add(OrganizationConnection(
                position=position, organization_id=org_id, connection_id=connections[conn["name"]],
                assign_membership_on_login=bool(conn.get("assign_membership_on_login", False)),
                show_as_button=bool(conn.get("show_as_button", True)),
                is_signup_enabled=bool(conn.get("is_signup_enabled", False))))
        ids[item["name"]] = org_id
    return ids


def assign_demo_memberships(db: Session, spec: TenantSpec, org_ids: dict[str, str],
                            role_ids: dict[str, str], now: int) -> None:
    for demo in spec.demo:
        user = db.scalar(select(User).where(
            User.email == demo["email"].lower(), User.connection == demo["connection"]))
        if user is None:
            continue
        for member in demo.get("organizations") or []:
            org_id = org_ids[member["name"]]
            organizations.add_member(db, org_id, user.user_id, now)
            organizations.grant_roles(db, org_id, user.user_id,
                                      [role_ids[name] for name in member.get("roles") or []])


def saved_grant_links(db: Session) -> list[tuple[str, str]]:
    """The organization/client-grant associations, read before the grants are redeployed."""
    rows = db.execute(select(OrganizationClientGrant.organization_id,
                             OrganizationClientGrant.grant_id))
    return [(org_id, grant_id) for org_id, grant_id in rows]


def deploy_grant_links(db: Session, spec: TenantSpec, org_ids: dict[str, str],
                       clients: dict[str, str], kept: list[tuple[str, str]]) -> None:
    """Associate client grants with organizations as a0deploy does.

    An organization in the files gets exactly its ``client_grants`` (each named by its
    client's name); one made at run time keeps the associations it had, for the grants
    that still exist (grant ids are derived from client and audience, so they stay).
    """
    grant_of = {client_id: grant_id for grant_id, client_id in
                db.execute(select(ClientGrant.id, ClientGrant.client_id))}
    links = {(org_id, grant_id) for org_id, grant_id in kept
             if org_id not in org_ids.values() and grant_id in grant_of.values()}
    for item in spec.section("organizations"):
        for entry in item.get("client_grants") or []:
            links.add((org_ids[item["name"]], grant_of[clients[entry["client_id"]]]))
    for org_id, grant_id in sorted(links):
        if db.get(Organization, org_id) is not None:
            db.add(OrganizationClientGrant(organization_id=org_id, grant_id=grant_id))
