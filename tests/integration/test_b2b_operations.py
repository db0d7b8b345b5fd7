"""Operating Travel0 Partners: its /health and /metrics after an agent's browser login, and
the agent's organization login at the log sink, naming the agency it was for."""

from __future__ import annotations

import pytest
import requests

from tests.support.flows import RequestsHttp
from tests.support.monitoring import health, sample, scrape
from tests.support.orgs import BEN, PARTNERS, SUNRISE, org_ids
from tests.support.pages import Partners

pytestmark = pytest.mark.integration
AGENCY = "Sunrise Travel Agency"


@pytest.fixture
def partners(page, stack) -> Partners:
    return Partners(page, stack.app_urls["b2b"])


def log_in_as_ben(partners, universal_login, stack) -> None:
    partners.open_agency_address(SUNRISE)
    universal_login.log_in(BEN, stack.target.password(BEN))
    partners.expect_in_agency(AGENCY)


@pytest.mark.scenario("b2b.phase1.operations.monitoring")
def test_partners_health_and_metrics_after_an_agents_login(partners, universal_login, stack):
    b2b = stack.app_urls["b2b"]
    status, body = health(b2b)
    assert status == 200, body
    assert body["checks"] == {"database": "ok", "tenant_discovery": "ok", "tenant_jwks": "ok",
                              "api": "ok"}
    urls = {"b2b": b2b, "api": stack.api_url}
    before = {name: scrape(url) for name, url in urls.items()}
    log_in_as_ben(partners, universal_login, stack)  # the bookings page calls the API
    after = {name: scrape(url) for name, url in urls.items()}

    def moved(service: str, name: str, **labels) -> float:
        return sample(after[service], name, **labels) - sample(before[service], name, **labels)

    assert moved("b2b", "cookbook_logins_total", outcome="success") == 1
    assert moved("b2b", "cookbook_http_request_duration_seconds_count", method="GET",
                 endpoint="/callback", status="302") == 1
    assert moved("api", "cookbook_http_request_duration_seconds_count", method="GET",
                 endpoint="/api/orgs/<org_id>/bookings", status="200") >= 1


@pytest.mark.scenario("b2b.phase1.operations.logging")
def test_an_agents_login_reaches_the_log_sink_naming_the_agency(partners, universal_login,
                                                                stack, page):
    stack.target.needs_log_sink()
    started = len(stack.log_sink.events("s"))
    log_in_as_ben(partners, universal_login, stack)
    events = stack.log_sink.wait_for(
        lambda found: sum(e["data"]["type"] == "s" for e in found) > started, what="the login")
    login = [e for e in events if e["data"]["type"] == "s"][-1]["data"]
    assert (login["user_name"], login["client_name"]) == (BEN, PARTNERS)
    assert login["organization_name"] == SUNRISE
    token = _management_token(stack)
    assert login["organization_id"] == org_ids(RequestsHttp(stack.tenant_url), token)[SUNRISE]
    page.goto(stack.log_sink.url + "/")
    assert BEN in page.locator('tr.event[data-type="s"]').first.inner_text()


def _management_token(stack) -> str:
    client_id, secret = stack.target.credentials("Travel0 Management")
    answer = requests.post(f"{stack.tenant_url}/oauth/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
        "audience": f"{stack.tenant_url}/api/v2/"})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]
