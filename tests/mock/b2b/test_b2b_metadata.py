"""Agency settings (organization metadata) and an agent's own details (user metadata) in
Travel0 Partners, against the fake Management API: what members see, what admins change,
and that a save never loses a key the app does not edit (Auth0 replaces org metadata)."""

from __future__ import annotations

import pytest

from tests.mock.b2c.support import csrf_token
from tests.support.fake_management import DEMO_USER_ID

from .support import ACME, ADMIN, sign_in

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2b.phase1.profile.metadata")]
SETTINGS = f"/orgs/{ACME['id']}/settings"
TIER_CLAIM = "https://travel0.example/org_tier"


def sign_in_admin(client, fake_idp, **claims):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN,
            claims={TIER_CLAIM: "gold", **claims})


def post_settings(client, **fields):
    data = {"invoice_email": "", "preferred_airline": "", "default_currency": "",
            "csrf_token": csrf_token(client, SETTINGS), **fields}
    return client.post(SETTINGS, data=data)


def org_patches(fake_mgmt) -> list[dict]:
    return [call["json"] for call in fake_mgmt.calls_to("PATCH", "/api/v2/organizations/")]


def test_a_member_sees_the_metadata_and_the_tier_but_no_form(client, fake_idp, fake_mgmt):
    fake_mgmt.organizations[ACME["id"]]["metadata"] = {"tier": "gold", "invoice_email":
                                                       "billing@acme.example"}
    sign_in(client, fake_idp, ACME, claims={TIER_CLAIM: "gold"})
    page = client.get(SETTINGS).get_data(as_text=True)
    assert '<tr data-key="invoice_email"><th scope="row">invoice_email</th><td><code>' \
           'billing@acme.example</code>' in page
    assert 'id="org-tier" data-tier="gold"' in page
    assert 'id="token-org-tier">gold<' in page and 'id="tier-stale"' not in page
    assert 'id="settings-form"' not in page and 'id="settings-read-only"' in page
    assert 'id="nav-settings" href="/orgs/' in page


def test_an_admin_edit_keeps_every_key_it_does_not_edit(client, fake_idp, fake_mgmt):
    fake_mgmt.organizations[ACME["id"]]["metadata"] = {
        "tier": "gold", "region": "emea", "preferred_airline": "Old Air"}
    sign_in_admin(client, fake_idp)
    assert 'id="settings-form"' in client.get(SETTINGS).get_data(as_text=True)

    response = post_settings(client, invoice_email="billing@acme.example",
                             default_currency="CHF")

    assert response.status_code == 303 and response.headers["Location"] == SETTINGS
    # Auth0 replaces organization metadata: the app sends all of it, the emptied key left out.
    assert org_patches(fake_mgmt) == [{"metadata": {
        "tier": "gold", "region": "emea", "invoice_email": "billing@acme.example",
        "default_currency": "CHF"}}]
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "Agency settings saved." in page
    assert 'id="invoice_email" name="invoice_email" value="billing@acme.example"' in page
    assert '<option value="CHF" selected>' in page and 'data-key="preferred_airline"' not in page


def test_a_tier_changed_after_login_is_shown_with_the_tokens_older_copy(client, fake_idp,
                                                                         fake_mgmt):
    sign_in_admin(client, fake_idp)
    fake_mgmt.organizations[ACME["id"]]["metadata"] = {"tier": "platinum"}  # by Travel0
    page = client.get(SETTINGS).get_data(as_text=True)
    assert 'data-tier="platinum"' in page and 'id="token-org-tier">gold<' in page
    assert 'id="tier-stale"' in page


@pytest.mark.parametrize("fields, field", [
    ({"invoice_email": "not an email"}, "invoice_email"),
    ({"preferred_airline": "x" * 81}, "preferred_airline"),
    ({"preferred_airline": "Line\nbreak"}, "preferred_airline"),
    ({"default_currency": "BTC"}, "default_currency"),
])
def test_bad_values_come_back_with_their_error_and_nothing_is_sent(client, fake_idp, fake_mgmt,
                                                                   fields, field):
    sign_in_admin(client, fake_idp)
    response = post_settings(client, **fields)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert org_patches(fake_mgmt) == []


def test_the_25_key_limit_is_explained_before_the_tenant_refuses(client, fake_idp, fake_mgmt):
    fake_mgmt.organizations[ACME["id"]]["metadata"] = {f"k{i}": "v" for i in range(25)}
    sign_in_admin(client, fake_idp)
    response = post_settings(client, preferred_airline="Swiss")
    assert response.status_code == 400
    assert "already has 25 metadata keys" in response.get_data(as_text=True)
    assert org_patches(fake_mgmt) == []


def test_a_refusal_by_the_tenant_is_shown_on_the_form(client, fake_idp, fake_mgmt):
    sign_in_admin(client, fake_idp)
    token = csrf_token(client, SETTINGS)
    fake_mgmt.fail_method = "PATCH"
    fake_mgmt.fail_next = (400, {"statusCode": 400, "error": "Bad Request",
                                 "message": "Payload validation error", "errorCode": "invalid_body"})
    response = client.post(SETTINGS, data={"preferred_airline": "Swiss", "csrf_token": token})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="settings-form-error"' in page and "Payload validation error" in page
    assert 'value="Swiss"' in page, "what the admin typed is kept"
    assert fake_mgmt.organizations[ACME["id"]]["metadata"] == {"tier": "gold"}


def test_agents_edit_their_own_details_and_see_app_metadata_read_only(client, fake_idp,
                                                                      fake_mgmt):
    sign_in(client, fake_idp, ACME)
    page = client.get("/profile").get_data(as_text=True)
    assert '<tr data-key="loyalty_tier"><th scope="row">loyalty_tier</th>' in page
    assert '<option value="en" selected>English</option>' in page
    token = csrf_token(client, "/profile")

    response = client.post("/profile", data={
        "display_name": "Agent Demo", "phone": "+41 44 123 45 67", "preferred_language": "",
        "app_metadata": '{"loyalty_tier": "platinum"}', "csrf_token": token})

    assert response.status_code == 303
    patch = fake_mgmt.calls_to("PATCH", "/api/v2/users/")[-1]["json"]
    assert patch == {"user_metadata": {"display_name": "Agent Demo", "phone": "+41 44 123 45 67",
                                       "preferred_language": None}}
    user = fake_mgmt.users[DEMO_USER_ID]
    assert user["user_metadata"] == {"marketing_consent": True, "display_name": "Agent Demo",
                                     "phone": "+41 44 123 45 67"}  # merged, as Auth0 does
    assert user["app_metadata"] == {"loyalty_tier": "gold"}


def test_a_bad_phone_number_is_refused_with_its_error(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME)
    response = client.post("/profile", data={"phone": "call me maybe", "display_name": "",
                                             "csrf_token": csrf_token(client, "/profile")})
    assert response.status_code == 400
    assert 'id="phone-error"' in response.get_data(as_text=True)
    assert fake_mgmt.calls_to("PATCH") == []
