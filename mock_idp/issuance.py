"""The token response for a user: ID token, access token (JWT for an API, opaque for
/userinfo only), and a rotating refresh token when ``offline_access`` was granted."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from . import authz, tokens
from .models import Client, OpaqueAccessToken, Organization, RefreshToken, User
from .org_login import names_allowed

OPAQUE_LIFETIME = 86400


@dataclass
class UserGrant:
    """Everything a token set is derived from; carried by codes and refresh tokens."""

    client: Client
    user: User
    scope: str
    audience: str | None
    session_id: str | None
    auth_time: int
    grant_id: str
    nonce: str | None = None
    family_id: str | None = None  # set when rotating an existing refresh token
    new_refresh_token: bool = True  # False for a non-rotating refresh: the old one stays
    effects: dict | None = None  # what the post-login Actions asked for (custom claims, scopes)
    organization_id: str | None = None  # an organization login: org claims, org-role RBAC


def issue(db: Session, grant: UserGrant, now: int) -> dict:
    """Mint the tokens for ``grant`` and persist what must be looked up later."""
    server = authz.resource_server(db, grant.audience)
    can_refresh = "refresh_token" in (grant.client.grant_types or [])
    scope, permissions = authz.user_grant(db, grant.user.user_id, grant.scope, server, can_refresh,
                                          org_id=grant.organization_id)
    org_claims = organization_claims(db, grant.organization_id)
    scopes = scope.split()
    effects = grant.effects or {}
    access_scope = " ".join(_scopes_after_actions(scopes, effects))
    response = {"token_type": "Bearer", "scope": access_scope}
    if server is not None:
        lifetime = server.token_lifetime
        response["access_token"] = tokens.access_token(
            sub=grant.user.user_id, client_id=grant.client.client_id, audience=server.identifier,
            scope=access_scope, now=now, lifetime=lifetime, permissions=permissions,
            extra=effects.get("access_claims"), standard=org_claims)
    else:
        lifetime = OPAQUE_LIFETIME
        response["access_token"] = _opaque(db, grant, access_scope, now + lifetime)
    response["expires_in"] = lifetime
    if "openid" in scopes:
        config = grant.client.config.get("jwt_configuration") or {}
        response["id_token"] = tokens.id_token(
            grant.user, grant.client.client_id, scopes, now=now,
            lifetime=int(config.get("lifetime_in_seconds", 36000)), nonce=grant.nonce,
            sid=grant.session_id, auth_time=grant.auth_time, extra=effects.get("id_claims"),
            standard=org_claims)
    if "offline_access" in scopes and grant.new_refresh_token:
        response["refresh_token"] = _refresh(db, grant, scope, now)
    return response


def organization_claims(db: Session, org_id: str | None) -> dict:
    """``org_id``, and ``org_name`` where the tenant allows names in the authentication API."""
    org = db.get(Organization, org_id) if org_id else None
    if org is None:
        return {}
    return {"org_id": org.id, **({"org_name": org.name} if names_allowed() else {})}


def _scopes_after_actions(scopes: list[str], effects: dict) -> list[str]:
    """The access token's scopes after the Actions' ``addScope``/``removeScope``."""
    removed = set(effects.get("remove_scopes") or [])
    kept = [scope for scope in scopes if scope not in removed]
    return kept + [scope for scope in effects.get("add_scopes") or [] if scope not in kept]


def _opaque(db: Session, grant: UserGrant, scope: str, expires_at: int) -> str:
    value = secrets.token_urlsafe(32)
    db.add(OpaqueAccessToken(token_hash=tokens.digest(value), grant_id=grant.grant_id,
                             client_id=grant.client.client_id, user_id=grant.user.user_id,
                             scope=scope, expires_at=expires_at))
    return value


def _refresh(db: Session, grant: UserGrant, scope: str, now: int) -> str:
    """Store a new refresh token; lifetimes follow the client's ``refresh_token`` settings."""
    settings = grant.client.config.get("refresh_token") or {}
    expiring = settings.get("expiration_type", "non-expiring") == "expiring"
    absolute = None
    idle = None
    if expiring and not settings.get("infinite_token_lifetime", False):
        absolute = now + int(settings.get("token_lifetime", 2592000))
    if expiring and not settings.get("infinite_idle_token_lifetime", False):
        idle = now + int(settings.get("idle_token_lifetime", 1296000))
    value = secrets.token_urlsafe(48)
    db.add(RefreshToken(
        token_hash=tokens.digest(value), family_id=grant.family_id or secrets.token_hex(16),
        grant_id=grant.grant_id, client_id=grant.client.client_id, user_id=grant.user.user_id,
        scope=grant.scope, audience=grant.audience, session_id=grant.session_id,
        auth_time=grant.auth_time, created_at=now, expires_at=absolute, idle_expires_at=idle,
        organization_id=grant.organization_id,
    ))
    return value


def rotation_enabled(client: Client) -> bool:
    settings = client.config.get("refresh_token") or {}
    return settings.get("rotation_type", "non-rotating") == "rotating"
