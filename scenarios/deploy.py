"""`cookbook tenant deploy`: push one environment's rendering of the tenant files to a tenant
through its Management API, as auth0-deploy-cli does, with a plan shown first.

Objects are matched by name (clients, roles, connections, log streams, organizations),
identifier (APIs) or (client, audience) (client grants). The client doing the deploy is never
touched; organizations are created and updated, never deleted (scenarios/deploy_orgs.py).
Deletions happen only where the environment allows them (never in prod). The same code
deploys to a mock tenant and to a real Auth0 tenant.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mock_idp.custom_db.tenant_files import deployed_options
from mock_idp.tenant import TenantSpec
from scenarios.deploy_orgs import (
    apply_org_client_grant_removal,
    apply_org_client_grants,
    apply_org_connection_removal,
    apply_org_connections,
    apply_organization,
    plan_organizations,
    read_organizations,
)
from scenarios.management import Management

CLIENT_FIELDS = ("description", "app_type", "oidc_conformant", "is_first_party",
                 "token_endpoint_auth_method", "grant_types", "callbacks", "allowed_logout_urls",
                 "web_origins", "jwt_configuration", "refresh_token")
API_FIELDS = ("name", "signing_alg", "token_lifetime", "token_lifetime_for_web",
              "allow_offline_access", "skip_consent_for_verifiable_first_party_clients",
              "enforce_policies", "token_dialect", "scopes")
GRANT_ORG_FIELDS = ("organization_usage", "allow_any_organization")  # M2M for organizations
STREAM_FIELDS = ("status", "sink", "filters")  # a stream's type cannot change after creation


@dataclass
class Change:
    action: str  # create | update | delete | keep
    kind: str  # resource_server | client | role | connection | client_grant | role_permissions
    #            | log_stream | organization | org_connections | org_connection
    #            | org_client_grants | org_client_grant
    name: str
    payload: dict = field(default_factory=dict)
    remote: dict | None = None

    def describe(self) -> str:
        detail = f" ({', '.join(sorted(self.payload))})" if self.action == "update" else ""
        return f"{self.action:6} {self.kind:16} {self.name}{detail}"


@dataclass
class Remote:
    """What the tenant has now, keyed the way the files name things."""

    apis: dict[str, dict]
    clients: dict[str, dict]
    roles: dict[str, dict]
    connections: dict[str, dict]
    grants: dict[tuple[str, str], dict]
    permissions: dict[str, set]
    streams: dict[str, dict] | None = None  # None: the deployer may not read log streams
    organizations: dict[str, dict] | None = None  # None: nor organizations
    deployer: str | None = None  # name of the client doing the deploy: never touched

    @classmethod
    def read(cls, mgmt: Management) -> Remote:
        apis = {a["identifier"]: a for a in mgmt.all("/resource-servers", "resource_servers")
                if not a.get("is_system")}
        every = [c for c in mgmt.all("/clients", "clients") if not c.get("global")]
        deployer = next((c["name"] for c in every if c["client_id"] == mgmt.client_id), None)
        clients = {c["name"]: c for c in every if c["name"] != deployer}
        names = {c["client_id"]: name for name, c in clients.items()}
        grants = {(names[g["client_id"]], g["audience"]): g
                  for g in mgmt.all("/client-grants", "client_grants") if g["client_id"] in names}
        roles = {r["name"]: r for r in mgmt.all("/roles", "roles")}
        permissions = {name: {(p["resource_server_identifier"], p["permission_name"])
                              for p in mgmt.all(f"/roles/{r['id']}/permissions", "permissions")}
                       for name, r in roles.items()}
        connections = {}
        for c in mgmt.all("/connections", "connections"):
            if c.get("strategy") == "auth0":
                connections[c["name"]] = {**c, "enabled_clients": sorted(
                    names[i] for i in c.get("enabled_clients") or [] if i in names)}
        return cls(apis, clients, roles, connections, grants, permissions, _streams(mgmt),
                   read_organizations(mgmt, names), deployer)


def _streams(mgmt: Management) -> dict[str, dict] | None:
    """The tenant's log streams by name; None when the deploying client lacks
    ``read:log_streams`` (its grant is never changed by a deploy), so they are left alone."""
    found = mgmt.all_if_allowed("/log-streams", "log_streams")
    if found is None:
        return None
    return {s["name"]: {**s, "filters": s.get("filters") or []} for s in found}


def _differs(local: dict, remote: dict, fields) -> dict:
    """The fields of ``local`` whose values are not what the tenant has."""
    return {key: local[key] for key in fields if key in local and local[key] != remote.get(key)}


def _pair(kind: str, wanted: dict, existing: dict, fields) -> list[Change]:
    changes = []
    for name, local in wanted.items():
        remote = existing.get(name)
        if remote is None:
            changes.append(Change("create", kind, str(name), local))
        else:
            delta = _differs(local, remote, fields)
            changes.append(Change("update" if delta else "keep", kind, str(name), delta, remote))
    changes += [Change("delete", kind, str(name), remote=remote)
                for name, remote in existing.items() if name not in wanted]
    return changes


def plan(spec: TenantSpec, remote: Remote) -> list[Change]:
    """Every change a deploy would make, in the order it would make them."""
    apis = {a["identifier"]: a for a in spec.section("resourceServers")}
    clients = {c["name"]: c for c in spec.section("clients") if c["name"] != remote.deployer}
    roles = {r["name"]: {"name": r["name"], "description": r.get("description", "")}
             for r in spec.section("roles")}
    databases = {d["name"]: {"name": d["name"], "strategy": "auth0",
                             # custom database scripts go out as code, as deploy-cli sends them
                             "options": deployed_options(d.get("options") or {},
                                                         spec.database_scripts),
                             "enabled_clients": sorted(d.get("enabled_clients") or [])}
                 for d in spec.section("databases")}
    grants = {(g["client_id"], g["audience"]): {
        "client": g["client_id"], "audience": g["audience"], "scope": sorted(g.get("scope") or []),
        **{key: g[key] for key in GRANT_ORG_FIELDS if key in g}}
        for g in spec.section("clientGrants") if g["client_id"] != remote.deployer}
    remote_grants = {key: {**g, "scope": sorted(g.get("scope") or [])}
                     for key, g in remote.grants.items()}
    streams = {s["name"]: {"name": s["name"], "type": s.get("type", "http"),
                           "status": s.get("status") or "active", "sink": s["sink"],
                           "filters": s.get("filters") or []}
               for s in spec.section("logStreams")}
    changes = (_pair("resource_server", apis, remote.apis, API_FIELDS)
               + _pair("client", clients, remote.clients, CLIENT_FIELDS)
               + _pair("role", roles, remote.roles, ("description",))
               + _pair("connection", databases, remote.connections,
                       ("options", "enabled_clients"))
               + _pair("client_grant", grants, remote_grants, ("scope", *GRANT_ORG_FIELDS))
               + (_pair("log_stream", streams, remote.streams, STREAM_FIELDS)
                  if remote.streams is not None else [])
               + plan_organizations(spec, remote.organizations, Change))
    return changes + _permission_changes(spec, remote)


def _permission_changes(spec: TenantSpec, remote: Remote) -> list[Change]:
    changes = []
    for role in spec.section("roles"):
        wanted = {(p["resource_server_identifier"], p["permission_name"])
                  for p in role.get("permissions") or []}
        held = remote.permissions.get(role["name"], set())
        if wanted != held:
            changes.append(Change("update", "role_permissions", role["name"],
                                  {"add": sorted(wanted - held), "remove": sorted(held - wanted)}))
    return changes


def apply(changes: list[Change], mgmt: Management, allow_delete: bool) -> list[Change]:
    """Carry out ``changes`` in order; returns the deletions skipped because not allowed."""
    skipped = []
    ids: dict[str, dict[str, str]] = {"client": {}, "role": {}}
    for change in changes:
        if change.action == "keep":
            continue
        if change.action == "delete" and not allow_delete:
            skipped.append(change)
            continue
        handler = _HANDLERS[change.kind]
        handler(change, mgmt, ids)
    return skipped


def _client_ids(mgmt: Management, ids: dict) -> dict[str, str]:
    if not ids["client"]:
        ids["client"] = {c["name"]: c["client_id"] for c in mgmt.all("/clients", "clients")}
    return ids["client"]


def _role_id(mgmt: Management, ids: dict, name: str) -> str:
    if name not in ids["role"]:
        ids["role"] = {r["name"]: r["id"] for r in mgmt.all("/roles", "roles")}
    return ids["role"][name]


def _simple(path: str, id_key: str, fields, create_keys=()):
    """Create/update/delete for a resource addressed as ``path/{id}``."""

    def handle(change: Change, mgmt: Management, ids: dict) -> None:
        if change.action == "create":
            local = change.payload
            body = {k: local[k] for k in (*create_keys, *fields) if k in local}
            mgmt.call("POST", path, json=body)
            ids["client"].clear()
        elif change.action == "update":
            mgmt.call("PATCH", f"{path}/{change.remote[id_key]}", json=change.payload)
        else:
            mgmt.call("DELETE", f"{path}/{change.remote[id_key]}")
            ids["client"].clear()

    return handle


def _connection(change: Change, mgmt: Management, ids: dict) -> None:
    body = dict(change.payload)
    if "enabled_clients" in body:
        clients = _client_ids(mgmt, ids)
        body["enabled_clients"] = [clients[name] for name in body["enabled_clients"]]
    if change.action == "create":
        mgmt.call("POST", "/connections", json=body)
    elif change.action == "update":
        mgmt.call("PATCH", f"/connections/{change.remote['id']}", json=body)
    else:
        mgmt.call("DELETE", f"/connections/{change.remote['id']}")


def _client_grant(change: Change, mgmt: Management, ids: dict) -> None:
    if change.action == "create":
        mgmt.call("POST", "/client-grants", json={
            "client_id": _client_ids(mgmt, ids)[change.payload["client"]],
            "audience": change.payload["audience"], "scope": change.payload["scope"],
            **{key: change.payload[key] for key in GRANT_ORG_FIELDS if key in change.payload}})
    elif change.action == "update":
        mgmt.call("PATCH", f"/client-grants/{change.remote['id']}", json=change.payload)
    else:
        mgmt.call("DELETE", f"/client-grants/{change.remote['id']}")


def _log_stream(change: Change, mgmt: Management, ids: dict) -> None:
    """A new stream is created (active) then paused if the files say so; an update may set
    ``status`` back to ``active`` (a suspended stream resumes where it stopped)."""
    if change.action == "create":
        local = change.payload
        created = mgmt.call("POST", "/log-streams", json={
            key: local[key] for key in ("name", "type", "sink", "filters") if local.get(key)})
        if local.get("status", "active") != "active":
            mgmt.call("PATCH", f"/log-streams/{created['id']}", json={"status": local["status"]})
    elif change.action == "update":
        mgmt.call("PATCH", f"/log-streams/{change.remote['id']}", json=change.payload)
    else:
        mgmt.call("DELETE", f"/log-streams/{change.remote['id']}")


def _role_permissions(change: Change, mgmt: Management, ids: dict) -> None:
    path = f"/roles/{_role_id(mgmt, ids, change.name)}/permissions"
    for verb, key in (("POST", "add"), ("DELETE", "remove")):
        if change.payload[key]:
            mgmt.call(verb, path, json={"permissions": [
                {"resource_server_identifier": api, "permission_name": name}
                for api, name in change.payload[key]]})


_HANDLERS = {
    "resource_server": _simple("/resource-servers", "id", API_FIELDS, ("identifier",)),
    "client": _simple("/clients", "client_id", CLIENT_FIELDS, ("name",)),
    "role": _simple("/roles", "id", ("description",), ("name",)),
    "connection": _connection,
    "client_grant": _client_grant,
    "role_permissions": _role_permissions,
    "log_stream": _log_stream,
    "organization": apply_organization,
    "org_connections": apply_org_connections,
    "org_connection": apply_org_connection_removal,
    "org_client_grants": apply_org_client_grants,
    "org_client_grant": apply_org_client_grant_removal,
}
