"""Configuration, brought in line with the tenant files on every start."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Client(Base):
    __tablename__ = "clients"
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    client_secret: Mapped[str] = mapped_column(String(128))
    app_type: Mapped[str] = mapped_column(String(32))
    token_endpoint_auth_method: Mapped[str] = mapped_column(String(32))
    grant_types: Mapped[list[Any]] = mapped_column(default=list)
    callbacks: Mapped[list[Any]] = mapped_column(default=list)
    allowed_logout_urls: Mapped[list[Any]] = mapped_column(default=list)
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ResourceServer(Base):
    __tablename__ = "resource_servers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    identifier: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    enforce_policies: Mapped[bool] = mapped_column(Boolean, default=False)
    token_dialect: Mapped[str] = mapped_column(String(40), default="access_token")
    token_lifetime: Mapped[int] = mapped_column(Integer, default=86400)
    allow_offline_access: Mapped[bool] = mapped_column(Boolean, default=False)
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ClientGrant(Base):
    __tablename__ = "client_grants"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(300))
    scope: Mapped[list[Any]] = mapped_column(default=list)
    # Organizations for M2M: None (never set, Auth0's "deny"), deny, allow or require.
    organization_usage: Mapped[str | None] = mapped_column(String(16), default=None)
    allow_any_organization: Mapped[bool | None] = mapped_column(Boolean, default=None)


class Role(Base):
    __tablename__ = "roles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class RolePermission(Base):
    __tablename__ = "role_permissions"
    role_id: Mapped[str] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    resource_server_identifier: Mapped[str] = mapped_column(String(300), primary_key=True)
    permission_name: Mapped[str] = mapped_column(String(200), primary_key=True)


class Connection(Base):
    __tablename__ = "connections"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    strategy: Mapped[str] = mapped_column(String(40))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    enabled_clients: Mapped[list[Any]] = mapped_column(default=list)
