"""Travel0 Partners through its pages, with organization logins from the fake tenant and
the real API behind it: login by organization, org checks at the callback, org-scoped pages
and API calls, org branding, org roles, and switching organizations."""

from __future__ import annotations

import re

import pytest

from tests.mock.b2c.support import csrf_token, start_login

from .support import ACME, ADMIN, GLOBEX, issue_for, sign_in

pytestmark = pytest.mark.mock
APP_INTEGRATION = pytest.mark.scenario("b2b.phase1.authentication.application-integration")
UNIVERSAL_LOGIN = pytest.mark.scenario("b2b.phase1.authentication.universal-login")


@UNIVERSAL_LOGIN
def test_an_organizations_own_address_starts_a_login_scoped_to_it(client, fake_idp):
    response = client.get("/o/Acme-Travel")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?organization=acme-travel"
    _, params = start_login(client, response.headers["Location"])
    assert params["organization"] == "acme-travel"
    assert params["audience"] == "https://api.cookbook.local/"


@UNIVERSAL_LOGIN
def test_invitation_links_are_forwarded_with_their_organization(client):
    _, params = start_login(client, f"/login?invitation=inv_Ab12Cd&organization={ACME['id']}")
    assert (params["invitation"], params["organization"]) == ("inv_Ab12Cd", ACME["id"])


@pytest.mark.parametrize("path", ["/login?organization=../admin", "/login?organization=org_%3Cx%3E",
                                  "/login?invitation=inv_123", "/o/evil.example"])
def test_damaged_organization_links_get_a_clear_error(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert 'id="error-page"' in response.get_data(as_text=True)


@APP_INTEGRATION
def test_a_member_lands_on_their_organizations_bookings_with_its_branding(client, fake_idp):
    assert sign_in(client, fake_idp, ACME).status_code == 302
    home = client.get("/")
    assert home.headers["Location"] == f"/orgs/{ACME['id']}/bookings"
    page = client.get(home.headers["Location"]).get_data(as_text=True)
    assert 'id="org-display-name">Acme Travel<' in page
    assert 'id="org-logo" src="https://acme.example/logo.png"' in page
    assert ":root { --accent: #c0392b; }" in page
    assert 'id="bookings-empty"' in page


@APP_INTEGRATION
@pytest.mark.parametrize("requested, token_org, name_claim", [
    (ACME["id"], GLOBEX, True),          # asked by id, came back for another org
    ("acme-travel", GLOBEX, True),       # asked by name, came back for another org
    ("acme-travel", ACME, False),        # asked by name, no org_name to check it against
])
def test_a_login_for_another_organization_than_requested_is_refused(
        client, fake_idp, requested, token_org, name_claim):
    response = sign_in(client, fake_idp, token_org, path=f"/login?organization={requested}",
                       name_claim=name_claim)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-error="invalid_organization"' in page
    assert client.get("/organizations").status_code == 302, "no session was started"


@APP_INTEGRATION
def test_a_login_without_any_organization_is_refused(client, fake_idp):
    response = sign_in(client, fake_idp, None)
    assert response.status_code == 400
    assert "members of an organization" in response.get_data(as_text=True)


@UNIVERSAL_LOGIN
def test_the_tenants_organization_picker_may_choose_when_the_app_did_not(client, fake_idp):
    response = sign_in(client, fake_idp, GLOBEX, path="/login")
    assert response.status_code == 302
    assert client.get("/").headers["Location"] == f"/orgs/{GLOBEX['id']}/bookings"


@APP_INTEGRATION
@pytest.mark.scenario("b2b.phase1.qa.mock-testing")
def test_members_create_bookings_through_the_org_scoped_api(client, fake_idp):
    sign_in(client, fake_idp, ACME)
    bookings = f"/orgs/{ACME['id']}/bookings"
    response = client.post(bookings, data={"destination": "Lisbon offsite", "travellers": "6",
                                        "csrf_token": csrf_token(client, bookings)})
    assert response.status_code == 302
    page = client.get(bookings).get_data(as_text=True)
    assert '<span class="booking-destination">Lisbon offsite</span>' in page
    assert "cancel-booking-button" not in page, "members may not cancel"


@pytest.mark.scenario("b2b.phase2.authorization.roles-permissions")
def test_org_roles_decide_who_may_cancel(client, fake_idp):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    bookings = f"/orgs/{ACME['id']}/bookings"
    client.post(bookings, data={"destination": "Oslo", "travellers": "2",
                             "csrf_token": csrf_token(client, bookings)})
    page = client.get(bookings).get_data(as_text=True)
    booking_id = re.search(r'data-booking-id="(\d+)"', page).group(1)
    assert "Your role here: org-admin." in page and "cancel-booking-button" in page
    cancelled = client.post(f"{bookings}/{booking_id}/cancel", data={"csrf_token": csrf_token(client, bookings)})
    assert cancelled.status_code == 302
    assert 'id="bookings-empty"' in client.get(bookings).get_data(as_text=True)


def test_a_member_forging_a_cancel_is_refused_by_the_api(client, fake_idp):
    sign_in(client, fake_idp, ACME)
    bookings = f"/orgs/{ACME['id']}/bookings"
    client.post(bookings, data={"destination": "Oslo", "travellers": "2",
                             "csrf_token": csrf_token(client, bookings)})
    response = client.post(f"{bookings}/1/cancel", data={"csrf_token": csrf_token(client, bookings)})
    assert response.status_code == 403
    assert 'data-error="insufficient_scope"' in response.get_data(as_text=True)
    assert "Oslo" in client.get(bookings).get_data(as_text=True)


@pytest.mark.scenario("b2b.phase1.provisioning.organization-users")
def test_the_switcher_lists_every_membership_and_switches_by_logging_in_again(client, fake_idp):
    sign_in(client, fake_idp, ACME)
    page = client.get("/organizations").get_data(as_text=True)
    assert "Acme Travel" in page and "Globex Group" in page
    assert f'data-org-id="{ACME["id"]}">\n    <span class="organization-name">Acme Travel</span>\n' \
           '    \n    <strong class="organization-current">(signed in)' in page
    switch = client.get(f"/organizations/{GLOBEX['id']}/switch")
    assert switch.headers["Location"] == (
        f"/login?organization={GLOBEX['id']}&next=/orgs/{GLOBEX['id']}/bookings")
    issue_for(fake_idp, GLOBEX)
    _, params = start_login(client, switch.headers["Location"])
    assert params["organization"] == GLOBEX["id"]


def test_an_org_colour_that_is_not_a_colour_never_reaches_the_page(client, fake_idp):
    sign_in(client, fake_idp, GLOBEX)
    page = client.get(f"/orgs/{GLOBEX['id']}/bookings").get_data(as_text=True)
    assert "javascript" not in page and ":root { --accent: #0b5cad; }" in page


def test_a_management_api_outage_costs_only_the_branding(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME)
    fake_mgmt.stop()
    page = client.get(f"/orgs/{ACME['id']}/bookings")
    assert page.status_code == 200
    assert f'id="org-display-name">{ACME["id"]}<' in page.get_data(as_text=True)
