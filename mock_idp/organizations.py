"""Organization lookups and membership rules shared by the Management API and the login flow.

An organization is named by its id (``org_…``) or its name; a member's organization roles
are ordinary tenant roles held within that one organization, and in an organization login
they replace the user's own roles for RBAC and for ``event.authorization.roles``.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .models import (
    Connection,
    Organization,
    OrganizationConnection,
    OrganizationMember,
    OrganizationMemberRole,
    Role,
    RolePermission,
)

ID_PREFIX = "org_"
NAME = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,48}[a-z0-9])?$")


def find(db: Session, ref: str | None) -> Organization | None:
    """The organization whose id (``org_…``) or name is ``ref``."""
    if not ref or len(ref) > 64:
        return None
    if ref.startswith(ID_PREFIX):
        return db.get(Organization, ref)
    return db.scalar(select(Organization).where(Organization.name == ref.lower()))


def summary(org: Organization) -> dict:
    """``event.organization`` and the public fields of an organization."""
    return {"id": org.id, "name": org.name, "display_name": org.display_name or org.name,
            "metadata": dict(org.org_metadata or {})}


def is_member(db: Session, org_id: str, user_id: str) -> bool:
    return db.get(OrganizationMember, (org_id, user_id)) is not None


def add_member(db: Session, org_id: str, user_id: str, now: int) -> bool:
    """Make the user a member (no-op when already one); True when added."""
    if is_member(db, org_id, user_id):
        return False
    db.add(OrganizationMember(organization_id=org_id, user_id=user_id, created_at=now))
    db.flush()
    return True


def remove_member(db: Session, org_id: str, user_id: str) -> None:
    """Membership and the roles held through it go together."""
    db.execute(delete(OrganizationMemberRole).where(
        OrganizationMemberRole.organization_id == org_id,
        OrganizationMemberRole.user_id == user_id))
    db.execute(delete(OrganizationMember).where(OrganizationMember.organization_id == org_id,
                                                OrganizationMember.user_id == user_id))


def grant_roles(db: Session, org_id: str, user_id: str, role_ids: list[str]) -> None:
    have = set(member_role_ids(db, org_id, user_id))
    for role_id in dict.fromkeys(role_ids):
        if role_id not in have:
            db.add(OrganizationMemberRole(organization_id=org_id, user_id=user_id, role_id=role_id))


def member_role_ids(db: Session, org_id: str, user_id: str) -> list[str]:
    return list(db.scalars(select(OrganizationMemberRole.role_id).where(
        OrganizationMemberRole.organization_id == org_id,
        OrganizationMemberRole.user_id == user_id)))


def member_roles(db: Session, org_id: str, user_id: str) -> list[Role]:
    return list(db.scalars(select(Role).join(
        OrganizationMemberRole, OrganizationMemberRole.role_id == Role.id).where(
        OrganizationMemberRole.organization_id == org_id,
        OrganizationMemberRole.user_id == user_id).order_by(Role.name)))


def member_permissions(db: Session, org_id: str, user_id: str, audience: str) -> list[str]:
    """What the member's organization roles grant on one API."""
    rows = db.scalars(select(RolePermission.permission_name).join(
        OrganizationMemberRole, OrganizationMemberRole.role_id == RolePermission.role_id).where(
        OrganizationMemberRole.organization_id == org_id,
        OrganizationMemberRole.user_id == user_id,
        RolePermission.resource_server_identifier == audience))
    return sorted(set(rows))


def user_organizations(db: Session, user_id: str) -> list[Organization]:
    return list(db.scalars(select(Organization).join(
        OrganizationMember, OrganizationMember.organization_id == Organization.id).where(
        OrganizationMember.user_id == user_id).order_by(Organization.name)))


def enabled_connection(db: Session, org_id: str, connection_name: str
                       ) -> OrganizationConnection | None:
    """The organization's settings for the named connection, when it is enabled there."""
    return db.scalar(select(OrganizationConnection).join(
        Connection, Connection.id == OrganizationConnection.connection_id).where(
        OrganizationConnection.organization_id == org_id, Connection.name == connection_name))


def enabled_connection_names(db: Session, org_id: str) -> list[str]:
    return list(db.scalars(select(Connection.name).join(
        OrganizationConnection, OrganizationConnection.connection_id == Connection.id).where(
        OrganizationConnection.organization_id == org_id).order_by(
        OrganizationConnection.position, Connection.name)))


def revoke_roles(db: Session, org_id: str, user_id: str, role_ids: list[str]) -> None:
    db.execute(delete(OrganizationMemberRole).where(
        OrganizationMemberRole.organization_id == org_id,
        OrganizationMemberRole.user_id == user_id, OrganizationMemberRole.role_id.in_(role_ids)))
