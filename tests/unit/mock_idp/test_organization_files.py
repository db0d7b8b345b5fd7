"""Organizations in the tenant files: what loads, and errors that name file, path, problem."""

from __future__ import annotations

import pytest

from mock_idp.tenant import TenantFileError, load_tenant
from tests.support.tenant import TENANTS, edit

pytestmark = pytest.mark.unit


@pytest.mark.scenario("b2b.phase1.provisioning.organization-users")
def test_the_main_tenant_ships_the_partner_agencies_with_members():
    spec = load_tenant(TENANTS / "main", "dev")
    orgs = {org["name"]: org for org in spec.section("organizations")}
    assert {"sunrise-travel", "lagoon-tours", "coral-cruises", "acme-corp"} <= set(orgs)
    assert orgs["coral-cruises"]["connections"] == [{
        "name": "Coral-Cruises-Classic", "assign_membership_on_login": True,
        "show_as_button": True}], "the migrating agency joins by logging in"
    assert orgs["sunrise-travel"]["metadata"]["tier"] == "gold"
    assert [c["name"] for c in orgs["lagoon-tours"]["connections"]] == [
        "Lagoon-Tours-Staff", "Username-Password-Authentication"]
    partners = next(c for c in spec.section("clients") if c["name"] == "Travel0 Partners")
    assert (partners["organization_usage"], partners["organization_require_behavior"]) == (
        "require", "post_login_prompt")
    assert partners["initiate_login_uri"] == "http://localhost:5001/login"
    members = {u["email"]: u.get("organizations") for u in spec.demo}
    assert members["dana@travel0-partners.example"] == [
        {"name": "sunrise-travel", "roles": ["org-member"]},
        {"name": "lagoon-tours", "roles": ["org-admin"]}]
    assert spec.data["tenant"]["allow_organization_name_in_authentication_api"] is True


@pytest.mark.parametrize("old,new,where,problem", [
    ("  - name: sunrise-travel", "  - name: Sunrise Travel", "organizations[0].name",
     "lowercase letters"),
    ("  - name: lagoon-tours", "  - name: sunrise-travel", "organizations",
     "duplicate organization name"),
    ("        primary: '#e8590c'", "        primary: orange", "organizations[0].branding.colors.primary",
     "not a hex color"),
    ("      tier: gold", "      tier: 1", "organizations[0].metadata.tier", "strings"),
    ("      - name: Lagoon-Tours-Staff\n        assign_membership_on_login: true",
     "      - name: Nowhere\n        assign_membership_on_login: true",
     "organizations[1].connections[0].name", "no connection named 'Nowhere'"),
    ("        assign_membership_on_login: false   # members are invited or added",
     "        assign_membership_on_login: 'no'",
     "organizations[0].connections[0].assign_membership_on_login", "true or false"),
    ("      logo_url: '##B2B_URL##/common-static/partners/sunrise-travel.svg'",
     "      logo_url: 'not a url'", "organizations[0].branding.logo_url", "absolute URL"),
    ("    organization_usage: require", "    organization_usage: sometimes",
     "clients[6].organization_usage", "'sometimes' is not one of"),
    ("    organization_usage: require", "    organization_usage: deny",
     "clients[6].organization_require_behavior", "only applies"),
    ("initiate_login_uri: '##B2B_LOGIN_URI##'", "initiate_login_uri: 'http://partners.example/'",
     "clients[6].initiate_login_uri", "must use https"),
    ("    organization_require_behavior: post_login_prompt",
     "    organization_require_behavior: ask_nicely",
     "clients[6].organization_require_behavior", "'ask_nicely' is not one of"),
])
def test_organization_errors_name_file_path_and_problem(tenant_copy, old, new, where, problem):
    edit(tenant_copy / "tenant.yaml", old, new)
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert str(caught.value).startswith(str(tenant_copy / "tenant.yaml") + ": ")
    assert where in caught.value.where
    assert problem in caught.value.problem


@pytest.mark.parametrize("old,new,where,problem", [
    ("{name: sunrise-travel, roles: [org-admin]}", "{name: moonrise, roles: [org-admin]}",
     "organizations[0].name", "no organization named 'moonrise'"),
    ("{name: sunrise-travel, roles: [org-admin]}", "{name: sunrise-travel, roles: [boss]}",
     "organizations[0].roles[0]", "no role named 'boss'"),
    ("    connection: Lagoon-Tours-Staff", "    connection: Username-Password-Authentication",
     "email", "is not in users/Username-Password-Authentication.json"),
])
def test_demo_membership_errors_name_the_place(tenant_copy, old, new, where, problem):
    path = tenant_copy / "users" / "demo.yaml"
    edit(path, old, new)
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert caught.value.path == path
    assert where in caught.value.where and problem in caught.value.problem


@pytest.mark.parametrize("old,new,where,problem", [
    ("    organization_usage: require\n    allow_any_organization: false",
     "    organization_usage: always\n    allow_any_organization: false",
     "clientGrants[4].organization_usage", "'always' is not one of"),
    ("    allow_any_organization: false", "    allow_any_organization: 'no'",
     "clientGrants[4].allow_any_organization", "true or false"),
    ("    client_grants:\n      - client_id: Sunrise Booking Sync",
     "    client_grants:\n      - client_id: Travel0 Nobody",
     "organizations[0].client_grants[0].client_id", "exactly one grant"),
])
def test_m2m_organization_settings_errors_name_the_place(tenant_copy, old, new, where, problem):
    edit(tenant_copy / "tenant.yaml", old, new)
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert where in caught.value.where and problem in caught.value.problem


def test_the_partner_integration_grant_requires_sunrise_travel():
    spec = load_tenant(TENANTS / "main", "dev")
    grant = next(g for g in spec.section("clientGrants")
                 if g["client_id"] == "Sunrise Booking Sync")
    assert grant["organization_usage"] == "require" and grant["allow_any_organization"] is False
    assert sorted(grant["scope"]) == ["create:bookings", "read:bookings"]
    orgs = {org["name"]: org.get("client_grants") for org in spec.section("organizations")}
    assert orgs.pop("sunrise-travel") == [{"client_id": "Sunrise Booking Sync"}]
    assert set(orgs.values()) == {None}, "no other agency may use the integration's grant"
