"""Tenant rows as the Management API returns them (field names and formats of Auth0)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from .. import tokens
from ..models import Client, ClientGrant, Connection, ResourceServer, Role, User

DATABASE_PROVIDER = "auth0"


def iso(epoch: int | None) -> str | None:
    if epoch is None:
        return None
    stamp = datetime.fromtimestamp(epoch, tz=UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def identity(user: User) -> dict:
    provider, _, raw_id = user.user_id.partition("|")
    return {"connection": user.connection, "user_id": raw_id or user.user_id,
            "provider": provider if raw_id else DATABASE_PROVIDER, "isSocial": False}


def user_json(user: User) -> dict:
    """The normalized user profile; empty metadata is left out, as Auth0 does."""
    data = {
        "user_id": user.user_id, "email": user.email, "email_verified": bool(user.email_verified),
        "name": user.name, "nickname": user.nickname, "given_name": user.given_name,
        "family_name": user.family_name, "picture": user.picture or tokens.picture_url(user),
        "identities": [identity(user)], "created_at": iso(user.created_at),
        "updated_at": iso(user.updated_at), "blocked": bool(user.blocked),
        "last_login": iso(user.last_login), "last_ip": user.last_ip,
        "logins_count": user.logins_count or 0,
    }
    if user.app_metadata:
        data["app_metadata"] = user.app_metadata
    if user.user_metadata:
        data["user_metadata"] = user.user_metadata
    return {key: value for key, value in data.items() if value is not None}


def role_json(role: Role) -> dict:
    return {"id": role.id, "name": role.name, "description": role.description or ""}


def resource_server_json(server: ResourceServer) -> dict:
    config = server.config or {}
    descriptions = {s.get("value"): s.get("description", "") for s in config.get("scopes") or []
                    if isinstance(s, dict)}
    data = {
        "id": server.id, "name": server.name, "identifier": server.identifier,
        "scopes": [{"value": s, "description": descriptions.get(s, "")} for s in server.scopes],
        "signing_alg": "RS256", "allow_offline_access": bool(server.allow_offline_access),
        "token_lifetime": server.token_lifetime,
        "token_lifetime_for_web": int(config.get("token_lifetime_for_web", min(server.token_lifetime, 7200))),
        "skip_consent_for_verifiable_first_party_clients": bool(
            config.get("skip_consent_for_verifiable_first_party_clients", True)),
        "enforce_policies": bool(server.enforce_policies), "token_dialect": server.token_dialect,
    }
    if config.get("is_system"):
        data["is_system"] = True
    return data


CLIENT_SETTINGS = ("description", "logo_uri", "web_origins", "allowed_origins", "client_aliases",
                   "jwt_configuration", "refresh_token", "oidc_conformant", "is_first_party",
                   "client_metadata", "initiate_login_uri", "sso", "sso_disabled",
                   "cross_origin_authentication", "organization_usage",
                   "organization_require_behavior")


def client_json(client: Client, tenant: str, with_secret: bool) -> dict:
    config = client.config or {}
    data = {
        "client_id": client.client_id, "tenant": tenant, "name": client.name, "global": False,
        "app_type": client.app_type, "callbacks": list(client.callbacks or []),
        "allowed_logout_urls": list(client.allowed_logout_urls or []),
        "grant_types": list(client.grant_types or []),
        "token_endpoint_auth_method": client.token_endpoint_auth_method,
        "is_first_party": bool(config.get("is_first_party", True)),
        "oidc_conformant": bool(config.get("oidc_conformant", True)),
    }
    data.update({key: config[key] for key in CLIENT_SETTINGS if key in config})
    if with_secret and client.token_endpoint_auth_method != "none":
        data["client_secret"] = client.client_secret
    return data


def grant_json(grant: ClientGrant) -> dict:
    """A client grant; the organization settings appear once they have been set."""
    data = {"id": grant.id, "client_id": grant.client_id, "audience": grant.audience,
            "scope": list(grant.scope or [])}
    for name in ("organization_usage", "allow_any_organization"):
        if getattr(grant, name) is not None:
            data[name] = getattr(grant, name)
    return data


def connection_json(connection: Connection) -> dict:
    return {"id": connection.id, "name": connection.name, "strategy": connection.strategy,
            "options": connection.options or {}, "enabled_clients": list(connection.enabled_clients or []),
            "realms": [connection.name], "is_domain_connection": False,
            "display_name": connection.name}


def organization_json(org) -> dict:
    """An organization as Auth0 returns it; empty branding and metadata are left out."""
    data = {"id": org.id, "name": org.name, "display_name": org.display_name or org.name}
    if org.branding:
        data["branding"] = org.branding
    data["metadata"] = dict(org.org_metadata or {})
    return data


def org_connection_json(setting, connection: Connection) -> dict:
    return {"connection_id": connection.id,
            "assign_membership_on_login": bool(setting.assign_membership_on_login),
            "show_as_button": bool(setting.show_as_button),
            "is_signup_enabled": bool(setting.is_signup_enabled),
            "connection": {"name": connection.name, "strategy": connection.strategy}}


def invitation_json(invitation, org, client: Client | None) -> dict:
    """An invitation; ``invitation_url`` is the client's login route with the ticket."""
    base = ((client.config or {}).get("initiate_login_uri") if client else None) or ""
    query = urlencode({"invitation": invitation.ticket_id, "organization": org.id,
                       "organization_name": org.name})
    data = {"id": invitation.id, "organization_id": org.id,
            "inviter": {"name": invitation.inviter_name},
            "invitee": {"email": invitation.invitee_email},
            "invitation_url": f"{base}{'&' if '?' in base else '?'}{query}",
            "created_at": iso(invitation.created_at), "expires_at": iso(invitation.expires_at),
            "client_id": invitation.client_id, "roles": list(invitation.roles or []),
            "ticket_id": invitation.ticket_id,
            "app_metadata": dict(invitation.app_metadata or {}),
            "user_metadata": dict(invitation.user_metadata or {})}
    if invitation.connection_id:
        data["connection_id"] = invitation.connection_id
    return data
