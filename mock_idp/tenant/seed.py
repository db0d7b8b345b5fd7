"""Deploy a ``TenantSpec`` into the tenant database, as auth0-deploy-cli would into Auth0.

Configuration (clients, APIs, grants, roles, connections) is brought in line with the files
on every start: ids are derived from names, so a role that stays keeps its members, and
objects no longer in the files are removed. Users are imported the
way ``POST /api/v2/jobs/users-imports`` does with ``upsert=false``: existing users are
left alone, so a restart keeps what people did in the running tenant.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..credentials import client_credentials
from ..custom_db.tenant_files import deployed_options
from ..management import scopes as management_scopes
from ..models import (
    Client,
    ClientGrant,
    Connection,
    ResourceServer,
    Role,
    RolePermission,
    User,
    UserRole,
)
from .loader import TenantSpec
from .organizations_seed import (
    assign_demo_memberships,
    deploy_grant_links,
    deploy_organizations,
    saved_grant_links,
)


def stable_id(prefix: str, *parts: str, length: int = 16) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"{prefix}{digest[:length]}"


def deploy(db: Session, spec: TenantSpec, seed: str, now: int,
           management_audience: str | None = None) -> None:
    """Bring the tenant's configuration in line with ``spec`` and import its users."""
    kept_links = saved_grant_links(db)
    db.execute(delete(ClientGrant))
    db.execute(delete(RolePermission))
    clients = _clients(db, spec, seed)
    servers = _resource_servers(db, spec)
    if management_audience:
        servers.append(_management_api(db, management_audience))
    roles = _roles(db, spec)
    connections = _connections(db, spec, clients)
    _prune(db, Client, Client.client_id, clients.values())
    _prune(db, ResourceServer, ResourceServer.identifier, servers)
    _prune(db, Role, Role.id, roles.values())
    _prune(db, Connection, Connection.name, connections)
    db.flush()
    org_ids = deploy_organizations(db, spec, now, stable_id)
    _client_grants(db, spec, clients)
    db.flush()
    deploy_grant_links(db, spec, org_ids, clients, kept_links)
    _import_users(db, spec, now)
    db.flush()
    _assign_demo_roles(db, spec, roles)
    assign_demo_memberships(db, spec, org_ids, roles, now)
    db.commit()


def _clients(db: Session, spec: TenantSpec, seed: str) -> dict[str, str]:
    ids = {}
    for item in spec.section("clients"):
        client_id, secret = client_credentials(spec.name, item["name"], seed)
        app_type = item.get("app_type", "regular_web")
        db.merge(Client(
            client_id=client_id, name=item["name"], client_secret=secret, app_type=app_type,
            token_endpoint_auth_method=item.get("token_endpoint_auth_method", "client_secret_post"),
            grant_types=list(item.get("grant_types") or _default_grants(app_type)),
            callbacks=list(item.get("callbacks") or []),
            allowed_logout_urls=list(item.get("allowed_logout_urls") or []),
            config=item,
        ))
        ids[item["name"]] = client_id
    return ids


def _prune(db: Session, model, column, keep) -> None:
    db.execute(delete(model).where(column.not_in(list(keep))))


def _default_grants(app_type: str) -> list[str]:
    if app_type == "non_interactive":
        return ["client_credentials"]
    return ["authorization_code", "implicit", "refresh_token"]


def _resource_servers(db: Session, spec: TenantSpec) -> list[str]:
    for item in spec.section("resourceServers"):
        db.merge(ResourceServer(
            id=stable_id("", "resource-server", item["identifier"], length=24),
            identifier=item["identifier"], name=item["name"],
            scopes=[s["value"] for s in item.get("scopes") or []],
            enforce_policies=bool(item.get("enforce_policies", False)),
            token_dialect=item.get("token_dialect", "access_token"),
            token_lifetime=int(item.get("token_lifetime", 86400)),
            allow_offline_access=bool(item.get("allow_offline_access", False)),
            config=item,
        ))
    return [item["identifier"] for item in spec.section("resourceServers")]


def _management_api(db: Session, identifier: str) -> str:
    """Every tenant has the Management API; clients reach it through client grants."""
    db.merge(ResourceServer(
        id=stable_id("", "resource-server", identifier, length=24), identifier=identifier,
        name=management_scopes.NAME, scopes=list(management_scopes.SCOPES),
        enforce_policies=False, token_dialect="access_token", token_lifetime=86400,
        allow_offline_access=False, config={"is_system": True},
    ))
    return identifier


def _client_grants(db: Session, spec: TenantSpec, clients: dict[str, str]) -> None:
    for item in spec.section("clientGrants"):
        client_id = clients[item["client_id"]]
        db.add(ClientGrant(
            id=stable_id("cgr_", client_id, item["audience"]), client_id=client_id,
            audience=item["audience"], scope=list(item.get("scope") or []),
            organization_usage=item.get("organization_usage"),
            allow_any_organization=item.get("allow_any_organization"),
        ))


def _roles(db: Session, spec: TenantSpec) -> dict[str, str]:
    ids = {}
    for item in spec.section("roles"):
        role_id = stable_id("rol_", "role", item["name"])
        db.merge(Role(id=role_id, name=item["name"], description=item.get("description", "")))
        for perm in item.get("permissions") or []:
            db.add(RolePermission(
                role_id=role_id, resource_server_identifier=perm["resource_server_identifier"],
                permission_name=perm["permission_name"],
            ))
        ids[item["name"]] = role_id
    return ids


def _connections(db: Session, spec: TenantSpec, clients: dict[str, str]) -> list[str]:
    for item in spec.section("databases"):
        db.merge(Connection(
            id=stable_id("con_", "connection", item["name"]), name=item["name"],
            strategy=item.get("strategy", "auth0"),
            options=deployed_options(item.get("options") or {}, spec.database_scripts),
            enabled_clients=[clients[name] for name in item.get("enabled_clients") or []],
        ))
    for item in spec.section("connections"):  # enterprise connections (strategy oidc)
        db.merge(Connection(
            id=stable_id("con_", "connection", item["name"]), name=item["name"],
            strategy=item["strategy"], options=dict(item.get("options") or {}),
            enabled_clients=[clients[name] for name in item.get("enabled_clients") or []],
        ))
    return [item["name"] for item in (*spec.section("databases"), *spec.section("connections"))]


def _import_users(db: Session, spec: TenantSpec, now: int) -> None:
    for connection, records in spec.users.items():
        existing = set(db.scalars(select(User.email).where(User.connection == connection)))
        for record in records:
            email = record["email"].lower()
            if email in existing:
                continue
            db.add(user_from_import(record, connection, now))


def user_from_import(record: dict, connection: str, now: int) -> User:
    """Build a user from one bulk-import record (Auth0's users-imports JSON schema)."""
    email = record["email"].lower()
    raw_id = record.get("user_id") or stable_id("", "user", connection, email, length=24)
    pwd = record.get("custom_password_hash")
    return User(
        user_id=f"auth0|{raw_id}", connection=connection, email=email,
        email_verified=bool(record.get("email_verified", False)),
        password_hash=pwd["hash"]["value"] if pwd else None,
        name=record.get("name") or email, given_name=record.get("given_name"),
        family_name=record.get("family_name"),
        nickname=record.get("nickname") or email.split("@", 1)[0],
        picture=record.get("picture"),
        user_metadata=dict(record.get("user_metadata") or {}),
        app_metadata=dict(record.get("app_metadata") or {}),
        blocked=bool(record.get("blocked", False)), created_at=now, updated_at=now,
    )


def _assign_demo_roles(db: Session, spec: TenantSpec, roles: dict[str, str]) -> None:
    for demo in spec.demo:
        user = db.scalar(select(User).where(
            User.email == demo["email"].lower(), User.connection == demo["connection"]))
        if user is None:
            continue
        have = set(db.scalars(select(UserRole.role_id).where(UserRole.user_id == user.user_id)))
        for name in demo.get("roles") or []:
            if roles[name] not in have:
                db.add(UserRole(user_id=user.user_id, role_id=roles[name]))
