"""Validation of a parsed ``tenant.yaml``: every problem names its path, e.g. ``clients[2].callbacks[0]``.

It checks what the mock relies on and what Auth0 would refuse on import; sections a
later feature implements are accepted as long as they have the right shape.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..custom_db.tenant_files import check_database_options
from ..domains import validate_custom_domains
from ..logstreams.tenant_files import validate_log_streams
from .actions_schema import validate_actions
from .connections_schema import validate_connections
from .errors import TenantFileError
from .organizations_schema import (
    validate_client_organizations,
    validate_grant_organizations,
    validate_organizations,
)
from .protection_schema import validate_attack_protection

SECTIONS = {
    "tenant", "clients", "resourceServers", "clientGrants", "roles", "connections",
    "databases", "organizations", "actions", "triggers", "emailProvider", "emailTemplates",
    "pages", "branding", "prompts", "attackProtection", "logStreams", "customDomains",
    "guardianFactors", "guardianPolicies", "themes",
}
END_OF_LIFE = {"rules", "rulesConfigs", "hooks"}
APP_TYPES = {"regular_web", "spa", "native", "non_interactive"}
AUTH_METHODS = {"none", "client_secret_post", "client_secret_basic"}
GRANT_TYPES = {
    "authorization_code", "refresh_token", "client_credentials", "implicit", "password",
    "http://auth0.com/oauth/grant-type/password-realm",
}
TOKEN_DIALECTS = {"access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz"}
PASSWORD_POLICIES = {"none", "low", "fair", "good", "excellent"}


class Checker:
    """Collects the context (file) so each rule only states path and problem."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, problem: str):
        raise TenantFileError(self.path, where, problem)

    def mapping(self, value, where: str) -> dict:
        if not isinstance(value, dict):
            self.fail(where, f"must be a mapping, got {type(value).__name__}")
        return value

    def items(self, value, where: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, f"must be a list, got {type(value).__name__}")
        return value

    def text(self, value, where: str, required: bool = True) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "must be a non-empty string")
        return value

    def choice(self, value, where: str, allowed: set, default=None):
        if value is None:
            return default
        if value not in allowed:
            self.fail(where, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def url(self, value, where: str, allow_custom_scheme: bool = False) -> str:
        self.text(value, where)
        parts = urlsplit(value)
        if not parts.scheme or not (parts.netloc or allow_custom_scheme):
            self.fail(where, f"{value!r} is not an absolute URL")
        if parts.scheme not in {"http", "https"} and not allow_custom_scheme:
            self.fail(where, f"{value!r} must use http or https")
        return value

    def unique(self, values: list, where: str, what: str) -> None:
        seen = set()
        for index, value in enumerate(values):
            if value in seen:
                self.fail(f"{where}[{index}]", f"duplicate {what} {value!r}")
            seen.add(value)


def validate(data, path: Path, system_apis: dict[str, set] | None = None) -> dict:
    """Check a parsed tenant file and return it; raise ``TenantFileError`` on the first problem.

    ``system_apis`` are APIs every tenant has without declaring them (the Management API),
    identifier to scopes; client grants may name them.
    """
    check = Checker(path)
    data = check.mapping(data if data is not None else {}, "top level")
    for key in data:
        if key in END_OF_LIFE:
            check.fail(key, "Rules and Hooks are end-of-life; write an Action instead")
        if key not in SECTIONS:
            check.fail(key, f"unknown section (known: {', '.join(sorted(SECTIONS))})")
    check.mapping(data.get("tenant") or {}, "tenant")
    clients = _clients(check, data)
    servers = _resource_servers(check, data)
    _client_grants(check, data, clients, {**(system_apis or {}), **servers})
    _roles(check, data, servers)
    _databases(check, data, clients)
    databases = {db["name"] for db in data.get("databases") or []}
    enterprise = validate_connections(check, data, clients, databases)
    validate_organizations(check, data, databases | enterprise)
    validate_actions(check, data)
    validate_attack_protection(check, data)
    validate_custom_domains(check, data)
    validate_log_streams(check, data)
    return data


def _clients(check: Checker, data: dict) -> set:
    names = []
    for i, client in enumerate(check.items(data.get("clients"), "clients")):
        where = f"clients[{i}]"
        check.mapping(client, where)
        names.append(check.text(client.get("name"), f"{where}.name"))
        app_type = check.choice(client.get("app_type"), f"{where}.app_type", APP_TYPES, "regular_web")
        method = check.choice(
            client.get("token_endpoint_auth_method"), f"{where}.token_endpoint_auth_method",
            AUTH_METHODS, "client_secret_post",
        )
        if app_type in {"native", "spa"} and method != "none":
            check.fail(f"{where}.token_endpoint_auth_method", f"a {app_type} client is public: use 'none'")
        if app_type == "non_interactive" and method == "none":
            check.fail(f"{where}.token_endpoint_auth_method", "a machine-to-machine client needs a secret")
        for j, grant in enumerate(check.items(client.get("grant_types"), f"{where}.grant_types")):
            check.choice(grant, f"{where}.grant_types[{j}]", GRANT_TYPES)
        custom = app_type == "native"
        for field in ("callbacks", "allowed_logout_urls", "web_origins"):
            for j, url in enumerate(check.items(client.get(field), f"{where}.{field}")):
                check.url(url, f"{where}.{field}[{j}]", allow_custom_scheme=custom)
        validate_client_organizations(check, client, where)
    check.unique(names, "clients", "client name")
    return set(names)


def _resource_servers(check: Checker, data: dict) -> dict:
    servers = {}
    for i, server in enumerate(check.items(data.get("resourceServers"), "resourceServers")):
        where = f"resourceServers[{i}]"
        check.mapping(server, where)
        check.text(server.get("name"), f"{where}.name")
        identifier = check.text(server.get("identifier"), f"{where}.identifier")
        if identifier in servers:
            check.fail(f"{where}.identifier", f"duplicate identifier {identifier!r}")
        if server.get("signing_alg", "RS256") != "RS256":
            check.fail(f"{where}.signing_alg", "the cookbook signs access tokens with RS256 only")
        check.choice(server.get("token_dialect"), f"{where}.token_dialect", TOKEN_DIALECTS)
        scopes = []
        for j, scope in enumerate(check.items(server.get("scopes"), f"{where}.scopes")):
            check.mapping(scope, f"{where}.scopes[{j}]")
            scopes.append(check.text(scope.get("value"), f"{where}.scopes[{j}].value"))
        check.unique(scopes, f"{where}.scopes", "scope")
        servers[identifier] = set(scopes)
    return servers


def _client_grants(check: Checker, data: dict, clients: set, servers: dict) -> None:
    for i, grant in enumerate(check.items(data.get("clientGrants"), "clientGrants")):
        where = f"clientGrants[{i}]"
        check.mapping(grant, where)
        client = check.text(grant.get("client_id"), f"{where}.client_id")
        if client not in clients:
            check.fail(f"{where}.client_id", f"no client named {client!r} in clients")
        audience = check.text(grant.get("audience"), f"{where}.audience")
        if audience not in servers:
            check.fail(f"{where}.audience", f"no resource server with identifier {audience!r}")
        for j, scope in enumerate(check.items(grant.get("scope"), f"{where}.scope")):
            if scope not in servers[audience]:
                check.fail(f"{where}.scope[{j}]", f"{scope!r} is not a scope of {audience}")
        validate_grant_organizations(check, grant, where)


def _roles(check: Checker, data: dict, servers: dict) -> None:
    names = []
    for i, role in enumerate(check.items(data.get("roles"), "roles")):
        where = f"roles[{i}]"
        check.mapping(role, where)
        names.append(check.text(role.get("name"), f"{where}.name"))
        for j, perm in enumerate(check.items(role.get("permissions"), f"{where}.permissions")):
            pwhere = f"{where}.permissions[{j}]"
            check.mapping(perm, pwhere)
            server = check.text(perm.get("resource_server_identifier"), f"{pwhere}.resource_server_identifier")
            name = check.text(perm.get("permission_name"), f"{pwhere}.permission_name")
            if server not in servers:
                check.fail(f"{pwhere}.resource_server_identifier", f"no resource server {server!r}")
            if name not in servers[server]:
                check.fail(f"{pwhere}.permission_name", f"{name!r} is not a scope of {server}")
    check.unique(names, "roles", "role name")


def _databases(check: Checker, data: dict, clients: set) -> None:
    names = []
    for i, db in enumerate(check.items(data.get("databases"), "databases")):
        where = f"databases[{i}]"
        check.mapping(db, where)
        names.append(check.text(db.get("name"), f"{where}.name"))
        options = check.mapping(db.get("options") or {}, f"{where}.options")
        check_database_options(check, options, f"{where}.options")  # custom database scripts
        check.choice(options.get("passwordPolicy"), f"{where}.options.passwordPolicy", PASSWORD_POLICIES)
        complexity = check.mapping(options.get("password_complexity_options") or {},
                                   f"{where}.options.password_complexity_options")
        min_length = complexity.get("min_length", 1)
        if not isinstance(min_length, int) or not 1 <= min_length <= 128:
            check.fail(f"{where}.options.password_complexity_options.min_length", "must be 1..128")
        for j, name in enumerate(check.items(db.get("enabled_clients"), f"{where}.enabled_clients")):
            if name not in clients:
                check.fail(f"{where}.enabled_clients[{j}]", f"no client named {name!r} in clients")
    check.unique(names, "databases", "connection name")
