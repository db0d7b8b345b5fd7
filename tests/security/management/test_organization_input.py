"""Bad input to the organization endpoints: every case is a 4xx in Auth0's error shape,
never a 500, and nothing is half-written."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.security
SUNRISE = "sunrise-travel"

BODIES = [
    ("POST", "/organizations", {"name": "ok-name", "branding": "blue"}),
    ("POST", "/organizations", {"name": "ok-name", "branding": {"colors": {"primary": 1}}}),
    ("POST", "/organizations", {"name": "ok-name", "branding": {"colors": {"primary": "#fff"}}}),
    ("POST", "/organizations", {"name": "ok-name", "branding": {"logo_url": "http://x/y.png"}}),
    ("POST", "/organizations", {"name": "ok-name", "branding": {"theme": "dark"}}),
    ("POST", "/organizations", {"name": "ok-name", "metadata": {"tier": {"nested": 1}}}),
    ("POST", "/organizations", {"name": "ok-name", "metadata": {f"k{i}": "v" for i in range(26)}}),
    ("POST", "/organizations", {"name": "ok-name", "enabled_connections": ["con_x"]}),
    ("POST", "/organizations", {"name": "ok-name", "enabled_connections": [{"x": 1}]}),
    ("POST", "/organizations", {"name": "ok-name",
                                "enabled_connections": [{"connection_id": "con_missing"}]}),
    ("POST", "/organizations", {"name": None}),
    ("POST", "/organizations", {"display_name": "no name"}),
    ("POST", "/organizations", {"name": "ok-name", "surprise": True}),
    ("PATCH", "/organizations/{org}", {"name": "lagoon-tours"}),
    ("PATCH", "/organizations/{org}", {"display_name": ""}),
    ("PATCH", "/organizations/{org}", {"metadata": "gold"}),
    ("PATCH", "/organizations/{org}", {"metadata": {"tier": 5}}),
    ("PATCH", "/organizations/{org}", {"metadata": {"tier": ["gold"]}}),
    ("PATCH", "/organizations/{org}", {"metadata": {"tier": "x" * 256}}),
    ("PATCH", "/organizations/{org}", {"metadata": {f"k{i}": "v" for i in range(26)}}),
    ("POST", "/organizations/{org}/enabled_connections", {}),
    ("POST", "/organizations/{org}/enabled_connections", {"connection_id": 5}),
    ("PATCH", "/organizations/{org}/enabled_connections/con_missing", {"show_as_button": False}),
    ("POST", "/organizations/{org}/members/auth0|nobody/roles", {"roles": ["rol_x"]}),
    ("POST", "/organizations/{org}/invitations", {}),
    ("POST", "/organizations/{org}/invitations", {"inviter": {"name": "A"},
                                                  "invitee": {"email": "not-an-email"},
                                                  "client_id": "x"}),
    ("POST", "/organizations/{org}/invitations", {"inviter": {"name": "A", "role": "x"},
                                                  "invitee": {"email": "a@b.example"},
                                                  "client_id": "x"}),
    ("POST", "/organizations/{org}/invitations", {"inviter": {"name": "A"},
                                                  "invitee": {"email": "a@b.example"},
                                                  "client_id": "no-such-client"}),
    ("POST", "/organizations/{org}/invitations", {"inviter": {"name": "A"},
                                                  "invitee": {"email": "a@b.example"},
                                                  "client_id": "x", "ttl_sec": -1}),
]


@pytest.mark.parametrize(("method", "path", "body"), BODIES)
def test_bad_bodies_get_a_4xx_in_auth0s_shape(live_tenant, admin_api, method, path, body):
    token = live_tenant.token()
    org = admin_api.organizations.get_by_name(SUNRISE)
    before = [o.name for o in admin_api.organizations.list()]
    answer = live_tenant.api(method, path.format(org=org.id), token, json=body)
    assert 400 <= answer.status_code < 500, answer.text
    assert set(answer.json()) >= {"statusCode", "error", "message"}
    assert [o.name for o in admin_api.organizations.list()] == before
    assert admin_api.organizations.get(org.id).display_name == "Sunrise Travel Agency"
    assert admin_api.organizations.get(org.id).metadata == {"tier": "gold", "region": "emea"}


@pytest.mark.parametrize("path", [
    "/organizations/" + "x" * 5000, "/organizations/name/" + "y" * 5000,
    "/organizations/org_missing/members", "/organizations/org_missing/invitations/uinv_x",
    "/organizations/name/%00", "/users/auth0%7Cnobody/organizations",
    "/organizations?take=0", "/organizations?take=abc", "/organizations?page=-1",
    "/organizations/{org}/members?take=1000", "/organizations/{org}/invitations?sort=name:1",
])
def test_bad_paths_and_queries_get_a_4xx(live_tenant, admin_api, path):
    org = admin_api.organizations.get_by_name(SUNRISE)
    answer = live_tenant.api("GET", path.format(org=org.id), live_tenant.token())
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.json()["statusCode"] == answer.status_code


def test_an_invalid_enabled_connection_leaves_no_organization_behind(live_tenant, admin_api):
    answer = live_tenant.api("POST", "/organizations", live_tenant.token(), json={
        "name": "half-made", "enabled_connections": [{"connection_id": "con_missing"}]})
    assert answer.status_code == 404
    assert "half-made" not in {o.name for o in admin_api.organizations.list()}
