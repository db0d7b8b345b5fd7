"""Read a tenant directory: ``tenant.yaml`` (after keyword replacement), ``users/*.json`` in
Auth0's bulk-import format and ``users/demo.yaml`` with the demo logins."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..branding.settings import BrandingSpec, read_branding
from ..custom_db.tenant_files import read_database_scripts
from ..management.scopes import KEYWORD as MANAGEMENT_KEYWORD
from ..management.scopes import SCOPES as MANAGEMENT_SCOPES
from ..passwords import HASH_PREFIXES, matches_algorithm
from .action_files import read_action_code
from .email_schema import read_email_templates, validate_email_provider
from .errors import TenantFileError
from .keywords import load_mappings, replace_keywords
from .schema import Checker, validate

SUPPORTED_HASHES = set(HASH_PREFIXES)  # what mock_idp.passwords can verify

# libyaml's safe loader when PyYAML was built with it (several times faster), else Python's.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class TenantSpec:
    name: str
    directory: Path
    data: dict
    users: dict[str, list[dict]] = field(default_factory=dict)  # connection name -> records
    demo: list[dict] = field(default_factory=list)
    mappings: dict = field(default_factory=dict)  # the keyword values the files were read with
    action_code: dict[str, str] = field(default_factory=dict)  # action name -> JavaScript
    email_templates: dict[str, dict] = field(default_factory=dict)  # name -> settings, body
    # customScripts path (as written in databases[].options) -> JavaScript (mock_idp.custom_db)
    database_scripts: dict[str, str] = field(default_factory=dict)
    branding: BrandingSpec = field(default_factory=BrandingSpec)  # pages' look, text, template

    def section(self, key: str) -> list:
        return self.data.get(key) or []


def load_tenant(directory: Path | str, env: str = "dev", keywords: dict | None = None) -> TenantSpec:
    """Load and validate everything under ``directory``; raise ``TenantFileError`` on any problem."""
    directory = Path(directory)
    env_file = directory.parent / "env" / f"{env}.json"
    mappings = load_mappings(env_file, keywords)
    tenant_file = directory / "tenant.yaml"
    system_apis = {}
    if mappings.get(MANAGEMENT_KEYWORD):
        system_apis[mappings[MANAGEMENT_KEYWORD]] = set(MANAGEMENT_SCOPES)
    data = validate(_read_yaml(tenant_file, mappings, env_file), tenant_file, system_apis)
    validate_email_provider(Checker(tenant_file), data)
    connections = {db["name"] for db in data.get("databases") or []}
    spec = TenantSpec(name=directory.resolve().name, directory=directory, data=data,
                      mappings=mappings,
                      action_code=read_action_code(directory, tenant_file, data,
                                                   mappings, env_file),
                      email_templates=read_email_templates(directory, tenant_file, data,
                                                           mappings, env_file),
                      database_scripts=read_database_scripts(directory, tenant_file, data,
                                                             mappings, env_file),
                      branding=read_branding(directory, tenant_file, data, mappings, env_file))
    if mappings.get("DEMO_USERS", True) is False:
        return spec  # e.g. prod: the demo users are not imported
    users_dir = directory / "users"
    for path in sorted(users_dir.glob("*.json")):
        if path.stem not in connections:
            raise TenantFileError(path, "file name", f"no database connection named {path.stem!r}")
        spec.users[path.stem] = _read_import_file(path)
    demo_file = users_dir / "demo.yaml"
    if demo_file.exists():
        spec.demo = _read_demo(demo_file, spec)
    return spec


def _read_yaml(path: Path, mappings: dict, env_file: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TenantFileError(path, "file", "not found") from None
    text = replace_keywords(text, mappings, path, env_file)
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else "file"
        raise TenantFileError(path, where, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None


def _read_import_file(path: Path) -> list[dict]:
    """Parse a users-imports JSON file and check each record the way the import job would."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TenantFileError(path, f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    check = Checker(path)
    emails = []
    for i, record in enumerate(check.items(records, "top level")):
        where = f"[{i}]"
        check.mapping(record, where)
        emails.append(check.text(record.get("email"), f"{where}.email").lower())
        check.text(record.get("user_id"), f"{where}.user_id", required=False)
        pwd = record.get("custom_password_hash")
        if pwd is not None:
            check.mapping(pwd, f"{where}.custom_password_hash")
            check.choice(pwd.get("algorithm"), f"{where}.custom_password_hash.algorithm", SUPPORTED_HASHES)
            value = check.mapping(pwd.get("hash"), f"{where}.custom_password_hash.hash").get("value")
            if not isinstance(value, str) or not matches_algorithm(pwd["algorithm"], value):
                check.fail(f"{where}.custom_password_hash.hash.value",
                           f"not a {pwd.get('algorithm')} hash")
        for key in ("user_metadata", "app_metadata"):
            if key in record:
                check.mapping(record[key], f"{where}.{key}")
    check.unique(emails, "top level", "email")
    return records


def _read_demo(path: Path, spec: TenantSpec) -> list[dict]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    except yaml.YAMLError as exc:
        raise TenantFileError(path, "file", f"invalid YAML: {exc}") from None
    check = Checker(path)
    check.mapping(data, "top level")
    roles = {role["name"] for role in spec.section("roles")}
    users = check.items(data.get("users"), "users")
    for i, user in enumerate(users):
        check.mapping(user, f"users[{i}]")
        # A user may live in another database than the file's default ``connection``.
        connection = user.get("connection") or data.get("connection")
        known = {r["email"].lower() for r in spec.users.get(connection, [])}
        email = check.text(user.get("email"), f"users[{i}].email")
        if email.lower() not in known:
            check.fail(f"users[{i}].email", f"{email} is not in users/{connection}.json")
        check.text(user.get("password"), f"users[{i}].password")
        for j, role in enumerate(check.items(user.get("roles"), f"users[{i}].roles")):
            if role not in roles:
                check.fail(f"users[{i}].roles[{j}]", f"no role named {role!r} in tenant.yaml")
        _demo_memberships(check, user, f"users[{i}].organizations", spec, roles)
        user["connection"] = connection
    return users


def _demo_memberships(check: Checker, user: dict, where: str, spec: TenantSpec,
                      roles: set) -> None:
    """``organizations: [{name, roles}]``: memberships, which deploy-cli does not carry."""
    orgs = {org["name"] for org in spec.section("organizations")}
    for j, member in enumerate(check.items(user.get("organizations"), where)):
        check.mapping(member, f"{where}[{j}]")
        name = check.text(member.get("name"), f"{where}[{j}].name")
        if name not in orgs:
            check.fail(f"{where}[{j}].name", f"no organization named {name!r} in tenant.yaml")
        for k, role in enumerate(check.items(member.get("roles"), f"{where}[{j}].roles")):
            if role not in roles:
                check.fail(f"{where}[{j}].roles[{k}]", f"no role named {role!r} in tenant.yaml")
