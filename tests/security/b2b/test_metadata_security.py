"""Attacks on the agency settings and the agent's details: a member forging an admin's edit,
another organization's id in the URL, forged keys, oversize and non-string values, and HTML
in metadata. Nothing reaches the Management API that should not, and nothing is a 500."""

from __future__ import annotations

import pytest

from tests.mock.b2b.support import ACME, ADMIN, GLOBEX, sign_in
from tests.mock.b2c.support import csrf_token
from tests.support.fake_management import DEMO_USER_ID

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2b.phase1.profile.metadata")]
SETTINGS = f"/orgs/{ACME['id']}/settings"


def org_patches(fake_mgmt) -> list[dict]:
    return fake_mgmt.calls_to("PATCH", "/api/v2/organizations/")


def test_a_member_forging_the_admins_form_is_refused(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME)  # an org-member: the page has no form to copy
    assert 'id="settings-form"' not in client.get(SETTINGS).get_data(as_text=True)
    response = client.post(SETTINGS, data={"invoice_email": "attacker@evil.example",
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 403
    assert 'data-error="access_denied"' in response.get_data(as_text=True)
    assert org_patches(fake_mgmt) == []


@pytest.mark.parametrize("live_roles, member", [([], True), (["org-member"], True),
                                               (None, False)])
def test_an_admin_demoted_or_removed_since_login_is_refused(client, fake_idp, fake_mgmt,
                                                            live_roles, member):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)  # token: admin
    token = csrf_token(client, SETTINGS)
    fake_mgmt.member_roles[(ACME["id"], DEMO_USER_ID)] = live_roles or []
    if not member:
        fake_mgmt.memberships[DEMO_USER_ID] = [GLOBEX["id"]]
    response = client.post(SETTINGS, data={"preferred_airline": "Swiss", "csrf_token": token})
    assert response.status_code == 403
    assert 'data-error="access_denied"' in response.get_data(as_text=True)
    assert org_patches(fake_mgmt) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organizations_settings_are_refused_even_to_an_admin(client, fake_idp,
                                                                    fake_mgmt, method):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    token = csrf_token(client, SETTINGS)
    response = getattr(client, method)(f"/orgs/{GLOBEX['id']}/settings", data={
        "preferred_airline": "Injected", "csrf_token": token})
    assert response.status_code == 403
    assert 'data-error="organization_mismatch"' in response.get_data(as_text=True)
    assert org_patches(fake_mgmt) == []
    assert not [c for c in fake_mgmt.calls if GLOBEX["id"] in c["path"]], "never even read"


def test_forged_keys_never_reach_the_tenant(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    response = client.post(SETTINGS, data={
        "preferred_airline": "Swiss", "tier": "platinum", "metadata": '{"tier": "platinum"}',
        "org_id": GLOBEX["id"], "csrf_token": csrf_token(client, SETTINGS)})
    assert response.status_code == 303
    [patch] = org_patches(fake_mgmt)
    assert patch["path"].endswith(ACME["id"])
    assert patch["json"] == {"metadata": {"tier": "gold", "preferred_airline": "Swiss"}}


@pytest.mark.parametrize("fields", [
    {"preferred_airline": "A" * 5000},
    {"invoice_email": "a@" + "b" * 300 + ".example"},
    {"preferred_airline": "nul\x00byte"},
    {"default_currency": ["EUR", "USD"]},  # two values for one field
    {"default_currency": "{}"},
])
def test_oversize_and_odd_values_get_a_clear_400(client, fake_idp, fake_mgmt, fields):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    response = client.post(SETTINGS, data={**fields, "csrf_token": csrf_token(client, SETTINGS)})
    assert response.status_code in (303, 400)
    if response.status_code == 303:  # only the first of two values is read: a valid one
        assert org_patches(fake_mgmt)[0]["json"]["metadata"]["default_currency"] == "EUR"
    else:
        assert 'class="field-error"' in response.get_data(as_text=True)
        assert org_patches(fake_mgmt) == []


def test_the_settings_form_needs_the_session_token(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    response = client.post(SETTINGS, data={"preferred_airline": "Swiss"})
    assert response.status_code == 400
    assert org_patches(fake_mgmt) == []


def test_html_in_organization_metadata_is_shown_escaped(client, fake_idp, fake_mgmt):
    fake_mgmt.organizations[ACME["id"]]["metadata"] = {
        "tier": "<b>gold</b>", "<img src=x onerror=alert(1)>": "x",
        "preferred_airline": '"><script>alert(1)</script>'}
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "<script>" not in page and "<img src=x" not in page and "<b>gold" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "&lt;b&gt;gold&lt;/b&gt;" in page


def test_non_string_organization_metadata_from_the_tenant_is_a_clear_502(client, fake_idp,
                                                                         fake_mgmt):
    """Auth0 never stores one; if a tenant answered with one, auth0-python's model refuses it,
    and the member gets the upstream error page rather than a 500."""
    fake_mgmt.organizations[ACME["id"]]["metadata"] = {"odd": {"nested": ["<i>"]}}
    sign_in(client, fake_idp, ACME)
    response = client.get(SETTINGS)
    assert response.status_code == 502
    assert 'data-error="upstream_unavailable"' in response.get_data(as_text=True)


def test_html_in_the_agents_own_details_is_shown_escaped(client, fake_idp, fake_mgmt):
    fake_mgmt.users[DEMO_USER_ID]["user_metadata"] = {"display_name": "<script>x</script>",
                                                      "phone": 12345}
    fake_mgmt.users[DEMO_USER_ID]["app_metadata"] = {"<svg onload=1>": "<b>", "n": {"<i>": 1}}
    sign_in(client, fake_idp, ACME)
    page = client.get("/profile").get_data(as_text=True)
    assert "<script>x" not in page and "<svg" not in page and "<b>" not in page
    assert 'value="&lt;script&gt;x&lt;/script&gt;"' in page
    assert 'id="phone" name="phone" value=""' in page  # a non-string value is not shown as one
    assert "&lt;svg onload=1&gt;" in page and "{&#34;&lt;i&gt;&#34;: 1}" in page
