"""Organizations: the customers of a B2B app, their enabled connections, members, member
roles and pending invitations. Rows hang off their organization (and user, role or
connection) with ``ON DELETE CASCADE``, so deleting any of those leaves nothing dangling."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ForeignKey, ForeignKeyConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Organization(Base):
    __tablename__ = "organizations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(255))
    branding: Mapped[dict[str, Any]] = mapped_column(default=dict)
    org_metadata: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    created_at: Mapped[int] = mapped_column(Integer)


class OrganizationConnection(Base):
    """A connection enabled for an organization's logins."""

    __tablename__ = "organization_connections"
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    connection_id: Mapped[str] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True)
    assign_membership_on_login: Mapped[bool] = mapped_column(Boolean, default=False)
    show_as_button: Mapped[bool] = mapped_column(Boolean, default=True)
    is_signup_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Which database form an organization login shows first: the files' order, then the
    # order connections were enabled through the Management API.
    position: Mapped[int] = mapped_column(Integer, default=0)


class OrganizationClientGrant(Base):
    """A client grant associated with an organization: its client may ask for tokens for
    that organization (Organizations for machine-to-machine access)."""

    __tablename__ = "organization_client_grants"
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    grant_id: Mapped[str] = mapped_column(
        ForeignKey("client_grants.id", ondelete="CASCADE"), primary_key=True, index=True)


class OrganizationMember(Base):
    __tablename__ = "organization_members"
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.user_id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[int] = mapped_column(Integer)


class OrganizationMemberRole(Base):
    """A tenant role held by a member within one organization only."""

    __tablename__ = "organization_member_roles"
    __table_args__ = (ForeignKeyConstraint(
        ["organization_id", "user_id"],
        ["organization_members.organization_id", "organization_members.user_id"],
        ondelete="CASCADE"),)
    organization_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    role_id: Mapped[str] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"),
                                         primary_key=True)


class OrganizationInvitation(Base):
    """An invitation to join an organization; ``ticket_id`` is what the emailed link carries.

    An accepted invitation keeps its row (``accepted_at``, ``accepted_by``) so a second use
    of the link gets a clear answer; the Management API no longer lists it, as with Auth0."""

    __tablename__ = "organization_invitations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    ticket_id: Mapped[str] = mapped_column(String(64), unique=True)
    inviter_name: Mapped[str] = mapped_column(String(300))
    invitee_email: Mapped[str] = mapped_column(String(320))
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id", ondelete="CASCADE"))
    connection_id: Mapped[str | None] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"))
    roles: Mapped[list[Any]] = mapped_column(default=list)
    app_metadata: Mapped[dict[str, Any]] = mapped_column(default=dict)
    user_metadata: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(Integer)
    accepted_at: Mapped[int | None] = mapped_column(Integer, default=None)
    accepted_by: Mapped[str | None] = mapped_column(String(200), default=None)
