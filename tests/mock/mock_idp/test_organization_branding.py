"""Organization logins wear the organization's branding: its logo and colours over the
tenant's on the Universal Login pages, the page template's ``organization`` variable, and
log events that name the organization."""

from __future__ import annotations

import pytest

from tests.support.accounts import management_token
from tests.support.orgs import ANA, LAGOON, SUNRISE, org_ids, partners_flow
from tests.support.tenant import demo_password

pytestmark = pytest.mark.mock
BY_ORG = "b2b.phase1.branding.login-by-organization"
SUNRISE_LOGO = "http://localhost:5001/common-static/partners/sunrise-travel.svg"


@pytest.fixture
def orgs(http, clients) -> dict[str, str]:
    return org_ids(http, management_token(http, clients))


@pytest.mark.scenario(BY_ORG)
def test_the_organizations_logo_and_colours_replace_the_tenants(http, clients, orgs):
    flow = partners_flow(http, clients)
    page = http.get(flow.authorize(organization=SUNRISE).location)
    assert page.status == 200
    assert "--primary: #e8590c;" in page.text and "--page: #fff4e6;" in page.text
    assert f'id="prompt-logo" class="ulp-logo" src="{SUNRISE_LOGO}"' in page.text
    assert "travel0-logo.svg" not in page.text
    # the tenant's template read the organization variable (by id, since the login named it)
    assert (f'<small id="travel0-organization" data-organization-id="{orgs[SUNRISE]}">'
            "Sunrise Travel Agency</small>") in page.text

    signup = http.get(partners_flow(http, clients).authorize(organization=orgs[LAGOON],
                                                             screen_hint="signup").location)
    assert "--primary: #1971c2;" in signup.text and "lagoon-tours.svg" in signup.text


@pytest.mark.scenario(BY_ORG)
def test_outside_an_organization_the_tenants_branding_stays(http, clients, web_flow):
    page = http.get(web_flow.authorize().location)
    assert "--primary: #0a7c6b;" in page.text and "travel0-logo.svg" in page.text
    assert "travel0-organization" not in page.text
    # Partners without an organization: the login before the picker knows none yet
    before_picker = http.get(partners_flow(http, clients).authorize().location)
    assert before_picker.status == 200 and "--primary: #0a7c6b;" in before_picker.text


@pytest.mark.scenario("b2b.phase1.operations.logging")
def test_an_organization_login_is_logged_with_the_organization(http, clients, orgs, logs):
    partners_flow(http, clients).login(ANA, demo_password(ANA), organization=SUNRISE)
    event = logs("s")[0]
    assert (event["organization_id"], event["organization_name"]) == (orgs[SUNRISE], SUNRISE)
    assert event["details"]["organization"] == {"id": orgs[SUNRISE], "name": SUNRISE}

    web = clients["Travel0 Web"]
    http.get(f"/authorize?client_id={web['client_id']}")  # an ordinary (failed) request
    assert all("organization_id" not in e for e in logs() if e.get("client_id") == web["client_id"])
