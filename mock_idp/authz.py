"""What a token may carry: scopes granted to a user or a client, and RBAC permissions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .management.scopes import CURRENT_USER_SCOPES
from .models import ClientGrant, ResourceServer, RolePermission, UserRole
from .organizations import member_permissions

OIDC_SCOPES = ("openid", "profile", "email", "address", "phone", "offline_access")
AUTHZ_DIALECTS = {"access_token_authz", "rfc9068_profile_authz"}


def split(scope: str | None) -> list[str]:
    """Scope string to an ordered list without duplicates."""
    return list(dict.fromkeys((scope or "").split()))


def user_permissions(db: Session, user_id: str, audience: str) -> list[str]:
    """Permissions the user holds on one API through their roles."""
    rows = db.scalars(
        select(RolePermission.permission_name)
        .join(UserRole, UserRole.role_id == RolePermission.role_id)
        .where(UserRole.user_id == user_id,
               RolePermission.resource_server_identifier == audience)
    )
    return sorted(set(rows))


def user_grant(db: Session, user_id: str, requested: str | None,
               server: ResourceServer | None, refresh_allowed: bool,
               org_id: str | None = None) -> tuple[str, list[str] | None]:
    """Scope and ``permissions`` claim for a user's token.

    OIDC scopes pass through; API scopes must exist on the API and, with RBAC on, be
    among the user's permissions (in an organization login: those of the member's
    organization roles). ``offline_access`` needs a client allowed to refresh
    and, with an audience, an API that allows offline access.
    """
    wanted = split(requested)
    granted = [s for s in wanted if s in OIDC_SCOPES]
    if "offline_access" in granted and not (
        refresh_allowed and (server is None or server.allow_offline_access)
    ):
        granted.remove("offline_access")
    permissions = None
    if server is not None:
        held = None
        if server.enforce_policies:
            held = (member_permissions(db, org_id, user_id, server.identifier) if org_id
                    else user_permissions(db, user_id, server.identifier))
        for scope in wanted:
            if scope in server.scopes and (held is None or scope in held) and _user_may_hold(
                    server, scope):
                granted.append(scope)
        if server.enforce_policies and server.token_dialect in AUTHZ_DIALECTS:
            permissions = held
    return " ".join(granted), permissions


def _user_may_hold(server: ResourceServer, scope: str) -> bool:
    """On the Management API a user's token may only act on the user's own account."""
    return not (server.config or {}).get("is_system") or scope in CURRENT_USER_SCOPES


def client_grant(db: Session, client_id: str, audience: str) -> ClientGrant | None:
    return db.scalar(select(ClientGrant).where(
        ClientGrant.client_id == client_id, ClientGrant.audience == audience))


def resource_server(db: Session, audience: str | None) -> ResourceServer | None:
    if not audience:
        return None
    return db.scalar(select(ResourceServer).where(ResourceServer.identifier == audience))
