"""The tenant files' enterprise connections (`connections:`) and Acme's tenant directory:
what loads, and the errors that name where a connection is wrong."""

from __future__ import annotations

import bcrypt
import pytest
import yaml

from mock_idp.tenant import TenantFileError, load_tenant
from tests.support.tenant import TENANTS, edit

pytestmark = pytest.mark.unit


@pytest.mark.scenario("b2b.phase2.authentication.enterprise-login")
def test_the_main_tenant_federates_with_acme_for_acme_corp():
    spec = load_tenant(TENANTS / "main", "dev", {"ACME_OIDC_CLIENT_SECRET": "from-the-env"})
    [acme] = spec.section("connections")
    assert (acme["name"], acme["strategy"], acme["enabled_clients"]) == (
        "acme", "oidc", ["Travel0 Partners"])
    assert acme["options"]["type"] == "back_channel"
    assert acme["options"]["domain_aliases"] == ["acme.test"]
    assert acme["options"]["client_secret"] == "from-the-env"  # a keyword, never in the file
    org = next(o for o in spec.section("organizations") if o["name"] == "acme-corp")
    assert org["connections"] == [{"name": "acme", "assign_membership_on_login": True,
                                   "show_as_button": True}]
    assert spec.data["prompts"]["identifier_first"] is True


def test_acmes_own_tenant_has_its_employees_and_a_client_for_travel0():
    spec = load_tenant(TENANTS / "acme", "dev")
    assert [c["name"] for c in spec.section("clients")] == ["Travel0"]
    assert spec.section("clients")[0]["callbacks"] == [
        "https://travel0-dev.us.auth0.com/login/callback"]
    hashes = {u["email"]: u["custom_password_hash"]["hash"]["value"]
              for u in spec.users["Acme-Employees"]}
    demo = yaml.safe_load((TENANTS / "acme" / "users" / "demo.yaml").read_text())["users"]
    for user in demo:
        assert bcrypt.checkpw(user["password"].encode(), hashes[user["email"]].encode())


@pytest.mark.parametrize("old,new,where,problem", [
    ("    strategy: oidc", "    strategy: samlp", "connections[0].strategy", "not one of"),
    ("      type: back_channel", "      type: front_channel", "connections[0].options.type",
     "not one of"),
    ("      domain_aliases: [acme.test]", "      domain_aliases: ['*.acme.test']",
     "connections[0].options.domain_aliases[0]", "lowercase domain"),
    ("      domain_aliases: [acme.test]", "      domain_aliases: [ACME.test]",
     "connections[0].options.domain_aliases[0]", "lowercase domain"),
    ("      scope: openid profile email", "      scope: profile email",
     "connections[0].options.scope", "openid"),
    ("      discovery_url: '##ACME_DISCOVERY_URL##'", "      discovery_url: not-a-url",
     "connections[0].options.discovery_url", "absolute URL"),
    ("    enabled_clients: [Travel0 Partners]\n    options:\n      type",
     "    enabled_clients: [Travel0 Nowhere]\n    options:\n      type",
     "connections[0].enabled_clients[0]", "no client named"),
    ("  - name: acme\n    strategy", "  - name: Lagoon-Tours-Staff\n    strategy",
     "connections[0].name", "already a database connection"),
])
def test_connection_errors_name_the_place(tenant_copy, old, new, where, problem):
    edit(tenant_copy / "tenant.yaml", old, new)
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert where in caught.value.where and problem in caught.value.problem
