"""The tenant's custom domain end to end: the apps and the API only have ``AUTH0_DOMAIN`` set
to it; the user logs in on the custom host, tokens carry it as ``iss``, and the API, pinned to
that issuer, accepts them and refuses tokens minted on the canonical domain. Travel0 Web and
Travel0 Partners (an agent's organization login) both."""

from __future__ import annotations

import base64
import json
import secrets

import pytest
import requests
from playwright.sync_api import expect

from tests.support.flows import CodeFlow, RequestsHttp
from tests.support.orgs import ANA, PARTNERS, SUNRISE
from tests.support.pages import Partners, Travel0, UniversalLogin, starts_with
from tests.support.stack import start_stack
from tests.support.target import make_target
from tests.support.tenant import AUDIENCE, JANE

pytestmark = [pytest.mark.integration,
              pytest.mark.scenario("b2c.phase1.architecture.custom-domains")]


@pytest.fixture(scope="module")
def custom_stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("custom-domain")
    target = make_target(workdir, custom_domain=True)
    running = start_stack(target, workdir, auth0_domain=target.custom_domain_url)
    yield running
    running.stop()


def api_token(stack, base_url: str) -> str:
    """Jane's access token for the API, from a login on ``base_url`` (a domain of the tenant)."""
    client_id, secret = stack.target.credentials("Travel0 Web")
    flow = CodeFlow(RequestsHttp(base_url), client_id, stack.app_urls["b2c"] + "/callback",
                    secret, scope="openid profile email read:orders")
    return flow.login(JANE, stack.target.password(JANE), audience=AUDIENCE)["access_token"]


def claims_of(token: str) -> dict:
    """The claims, read without verification (the API under test verifies)."""
    return json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "==").decode())


def issuer_of(token: str) -> str:
    return claims_of(token)["iss"]


@pytest.mark.scenario("b2c.phase1.branding.custom-domain-naming")
def test_browser_login_through_the_custom_domain(custom_stack, page):
    custom = custom_stack.target.custom_domain_url
    b2c = Travel0(page, custom_stack.app_urls["b2c"])
    b2c.open()
    b2c.click_log_in()
    login = UniversalLogin(page, custom)
    login.expect_shown()  # the address bar shows the tenant's own login host
    login.log_in(JANE, custom_stack.target.password(JANE))
    b2c.expect_logged_in_as("Jane Traveller")
    page.locator("#profile-link").click()
    expect(b2c.claim("iss")).to_contain_text(custom + "/")
    b2c.open("/orders")
    item = f"Custom domain tour {secrets.token_hex(3)}"
    b2c.place_order(item, 1)  # the API, pinned to the custom issuer, accepted the token
    expect(b2c.orders().filter(has_text=item)).to_have_count(1)
    expect(page).to_have_url(starts_with(custom_stack.app_urls["b2c"]))


@pytest.mark.security
def test_api_for_the_custom_issuer_refuses_canonical_tokens(custom_stack):
    orders = f"{custom_stack.api_url}/api/orders"
    from_custom = api_token(custom_stack, custom_stack.target.custom_domain_url)
    from_canonical = api_token(custom_stack, custom_stack.tenant_url)
    assert issuer_of(from_custom) == custom_stack.target.custom_domain_url + "/"
    assert issuer_of(from_canonical) == custom_stack.tenant_url + "/"
    accepted = requests.get(orders, headers={"Authorization": f"Bearer {from_custom}"}, timeout=10)
    assert accepted.status_code == 200, accepted.text
    refused = requests.get(orders, headers={"Authorization": f"Bearer {from_canonical}"},
                           timeout=10)
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_token"


def test_discovery_on_the_custom_domain_names_it(custom_stack):
    custom = custom_stack.target.custom_domain_url
    document = requests.get(f"{custom}/.well-known/openid-configuration", timeout=10).json()
    assert document["issuer"] == custom + "/"
    assert document["token_endpoint"] == custom + "/oauth/token"


@pytest.mark.scenario("b2b.phase1.architecture.custom-domains")
@pytest.mark.scenario("b2b.phase1.branding.custom-domain-naming")
def test_an_agent_logs_in_to_partners_through_the_custom_domain(custom_stack, page):
    custom = custom_stack.target.custom_domain_url
    partners = Partners(page, custom_stack.app_urls["b2b"])
    partners.open_agency_address(SUNRISE)
    login = UniversalLogin(page, custom)
    login.expect_shown()  # the agency's login page, on the tenant's own host
    expect(page.locator("#travel0-organization")).to_have_text("Sunrise Travel Agency")
    login.log_in(ANA, custom_stack.target.password(ANA))
    partners.expect_in_agency("Sunrise Travel Agency")  # the app checked iss = the custom domain
    trip = f"Custom domain tour {secrets.token_hex(3)}"
    partners.book(trip, 2)  # the API, pinned to the custom issuer, accepted the org token
    expect(partners.bookings().filter(has_text=trip)).to_have_count(1)

    custom_tokens = partners_tokens(custom_stack, custom)
    assert issuer_of(custom_tokens["id_token"]) == issuer_of(custom_tokens["access_token"]) \
        == custom + "/"
    canonical = partners_tokens(custom_stack, custom_stack.tenant_url)["access_token"]
    org_id = claims_of(custom_tokens["access_token"])["org_id"]
    bookings = f"{custom_stack.api_url}/api/orgs/{org_id}/bookings"
    for token, status in ((custom_tokens["access_token"], 200), (canonical, 401)):
        answer = requests.get(bookings, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert answer.status_code == status, answer.text


def partners_tokens(stack, base_url: str) -> dict:
    """Ana's tokens from an organization login of Travel0 Partners on ``base_url``."""
    client_id, secret = stack.target.credentials(PARTNERS)
    flow = CodeFlow(RequestsHttp(base_url), client_id, stack.app_urls["b2b"] + "/callback",
                    secret, scope="openid profile email read:bookings")
    return flow.login(ANA, stack.target.password(ANA), organization=SUNRISE, audience=AUDIENCE)
