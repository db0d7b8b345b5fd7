"""Tenant as code: keyword replacement, validation errors that say where, the demo users."""

from __future__ import annotations

import json

import bcrypt
import pytest

from mock_idp import create_app
from mock_idp.credentials import client_credentials
from mock_idp.tenant import TenantFileError, load_tenant
from tests.support.fixtures import tenant_overrides
from tests.support.tenant import TENANTS, edit

pytestmark = pytest.mark.unit


@pytest.mark.scenario("b2c.phase1.architecture.tenant-provision")
def test_main_tenant_loads_with_keywords_replaced():
    spec = load_tenant(TENANTS / "main", "dev")
    clients = {c["name"]: c for c in spec.section("clients")}
    assert clients["Travel0 Web"]["callbacks"] == ["http://localhost:5000/callback"]
    assert spec.data["tenant"]["allowed_logout_urls"] == ["http://localhost:5000/"]  # @@ JSON
    api = spec.section("resourceServers")[0]
    assert api["identifier"] == "https://api.cookbook.local/"
    assert api["enforce_policies"] is True and api["token_dialect"] == "access_token_authz"
    assert {r["name"] for r in spec.section("roles")} == {
        "customer", "support", "org-admin", "org-member", "admin", "auditor"}
    assert spec.section("clientGrants")[0]["scope"] == ["read:reports"]
    assert len(spec.users["Username-Password-Authentication"]) == 6
    assert len(spec.users["Lagoon-Tours-Staff"]) == 1
    assert len(spec.users["Travel0-Operators"]) == 4


def test_run_time_keywords_override_the_env_file():
    spec = load_tenant(TENANTS / "main", "dev", {"B2C_URL": "http://localhost:6123"})
    web = next(c for c in spec.section("clients") if c["name"] == "Travel0 Web")
    assert web["callbacks"] == ["http://localhost:6123/callback"]


@pytest.mark.scenario("b2c.phase1.qa.unit-testing")
def test_demo_passwords_match_the_hashes_in_the_import_file():
    spec = load_tenant(TENANTS / "main", "dev")
    hashes = {u["email"]: u["custom_password_hash"]["hash"]["value"]
              for users in spec.users.values() for u in users}
    assert spec.demo
    for demo in spec.demo:
        assert bcrypt.checkpw(demo["password"].encode(), hashes[demo["email"]].encode()), demo["email"]


def test_client_credentials_are_stable_and_distinct():
    assert client_credentials("main", "Travel0 Web") == client_credentials("main", "Travel0 Web")
    assert client_credentials("main", "Travel0 Web") != client_credentials("main", "Travel0 Rewards")
    assert client_credentials("main", "Travel0 Web", "seed-a") != client_credentials(
        "main", "Travel0 Web", "seed-b")
    client_id, secret = client_credentials("main", "Travel0 Web")
    assert len(client_id) == 32 and client_id.isalnum() and len(secret) == 64


@pytest.mark.parametrize("old,new,where,problem", [
    ("'##B2C_URL##/callback'", "'##NOT_DEFINED##/callback'", "line", "keyword ##NOT_DEFINED##"),
    ("    callbacks: ['##B2C_URL##/callback']", "    callbacks: ['not a url']",
     "clients[0].callbacks[0]", "is not an absolute URL"),
    ("app_type: non_interactive", "app_type: robot", "clients[3].app_type", "'robot' is not one of"),
    ("  - name: Travel0 Rewards", "  - name: Travel0 Web", "clients", "duplicate client name"),
    ("    scope: [read:reports]", "    scope: [read:everything]", "clientGrants[0].scope[0]",
     "'read:everything' is not a scope"),
    ("  - client_id: Travel0 Reports", "  - client_id: Nobody", "clientGrants[0].client_id",
     "no client named 'Nobody'"),
    ("passwordPolicy: good", "passwordPolicy: superb", "databases[0].options.passwordPolicy",
     "'superb' is not one of"),
    ("      - permission_name: read:orders\n", "      - permission_name: read:all\n",
     "roles[0].permissions[0].permission_name", "'read:all' is not a scope"),
    ("token_endpoint_auth_method: none", "token_endpoint_auth_method: client_secret_post",
     "clients[2].token_endpoint_auth_method", "public"),
    ("clients:", "rules: []\nclients:", "rules", "end-of-life"),
    ("clients:", "clientz: []\nclients:", "clientz", "unknown section"),
    ("  session_lifetime: 72", "  session_lifetime: [72", "line", "invalid YAML"),
])
def test_tenant_yaml_errors_name_file_path_and_problem(tenant_copy, old, new, where, problem):
    edit(tenant_copy / "tenant.yaml", old, new)
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    message = str(caught.value)
    assert message.startswith(str(tenant_copy / "tenant.yaml") + ": ")
    assert where in caught.value.where
    assert problem in caught.value.problem


def test_import_file_errors_name_the_record(tenant_copy):
    path = tenant_copy / "users" / "Username-Password-Authentication.json"
    records = json.loads(path.read_text())
    records[1]["custom_password_hash"]["algorithm"] = "md5"
    path.write_text(json.dumps(records))
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert caught.value.path == path
    assert caught.value.where == "[1].custom_password_hash.algorithm"


def test_import_file_must_be_named_after_a_database_connection(tenant_copy):
    (tenant_copy / "users" / "Username-Password-Authentication.json").rename(
        tenant_copy / "users" / "Nope.json")
    with pytest.raises(TenantFileError, match="no database connection named 'Nope'"):
        load_tenant(tenant_copy, "dev")


def test_demo_file_may_only_name_imported_users_and_known_roles(tenant_copy):
    edit(tenant_copy / "users" / "demo.yaml", "roles: [support]", "roles: [wizard]")
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert caught.value.where == "users[1].roles[0]"


def test_broken_env_file_is_reported(tenant_copy):
    (tenant_copy.parent / "env" / "dev.json").write_text("{ nope")
    with pytest.raises(TenantFileError, match="invalid JSON"):
        load_tenant(tenant_copy, "dev")


def test_start_up_fails_on_a_broken_tenant_file(tenant_copy, tmp_path):
    edit(tenant_copy / "tenant.yaml", "passwordPolicy: good", "passwordPolicy: superb")
    with pytest.raises(TenantFileError, match=r"tenant\.yaml: databases\[0\]"):
        create_app(tenant_overrides(tmp_path, TENANT_DIR=str(tenant_copy)))
