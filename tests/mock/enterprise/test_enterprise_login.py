"""Enterprise login over HTTP: Travel0's tenant runs the OpenID Connect code flow with Acme
Corp's IdP (a second live mock tenant), creates the employee just in time as
``oidc|acme|<sub>``, makes them a member of acme-corp, and passes upstream failures to the
application as OAuth errors."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from mock_idp.db import get_db
from mock_idp.models import User
from tests.support.acme import (
    ACME_ORG,
    ALICE,
    BOB,
    acme_login,
    acme_password,
    management,
    start_federation,
)
from tests.support.flows import CodeFlow, hidden_fields, query_of
from tests.support.orgs import decode, partners_flow

pytestmark = pytest.mark.mock
ENTERPRISE = "b2b.phase2.authentication.enterprise-login"
SIGNUP = "b2b.phase2.provisioning.enterprise-sign-up"


@pytest.fixture
def fed(tmp_path):
    running = start_federation(tmp_path)
    yield running
    running.stop()


def clients_of(http) -> dict:
    return {client["name"]: client for client in http.get("/_cookbook/clients").json()}


def to_acme(fed, http, **params):
    """Start a Travel0 Partners login that goes to Acme; the flow and Acme's /authorize URL."""
    flow = partners_flow(http, clients_of(http), scope="openid profile email")
    first = flow.authorize(**params)
    assert first.status == 302 and first.location.startswith(fed.acme_url + "/authorize"), \
        (first.status, first.location, first.text[:300])
    return flow, first.location


def employee_login(fed, http, email: str, **params) -> tuple:
    """The whole round trip; the flow and the main tenant's answer to the app."""
    flow, upstream = to_acme(fed, http, **params)
    back = acme_login(http, upstream, email, acme_password(email))
    assert back.status == 302 and back.location.startswith(fed.main_url + "/login/callback"), \
        back.text[:300]
    return flow, http.get(back.location)


def tokens_of(http, flow, answer) -> dict:
    response = flow.exchange(flow.code_from(answer))
    assert response.status == 200, response.text
    return response.json()


def mgmt(fed):
    clients = clients_of(fed.browser())
    client = clients["Travel0 Management"]
    return management(fed.main_url, (client["client_id"], client["client_secret"]))


@pytest.mark.scenario(ENTERPRISE)
@pytest.mark.scenario(SIGNUP)
def test_first_login_creates_the_employee_just_in_time_as_an_acme_corp_member(fed):
    http = fed.browser()
    flow, upstream = to_acme(fed, http, organization=ACME_ORG, connection="acme")
    sent = query_of(upstream)
    assert sent["client_id"] and sent["response_type"] == "code"
    assert sent["redirect_uri"] == fed.main_url + "/login/callback"
    assert sent["code_challenge_method"] == "S256" and sent["nonce"] and sent["state"]
    assert set(sent["scope"].split()) == {"openid", "profile", "email"}
    back = acme_login(http, upstream, ALICE, acme_password(ALICE))
    answer = http.get(back.location)
    claims = decode(http, tokens_of(http, flow, answer)["id_token"])
    assert claims["sub"].startswith("oidc|acme|") and claims["email"] == ALICE
    assert claims["org_name"] == ACME_ORG and claims["name"] == "Alice Anders"
    api = mgmt(fed)
    user = api.get(f"{fed.main_url}/api/v2/users/{claims['sub']}", timeout=10).json()
    assert user["identities"] == [{"connection": "acme", "provider": "oidc",
                                   "user_id": claims["sub"].removeprefix("oidc|"),
                                   "isSocial": False}]
    assert user["email_verified"] is True and user["logins_count"] == 1
    orgs = api.get(f"{fed.main_url}/api/v2/users/{claims['sub']}/organizations", timeout=10)
    assert [org["name"] for org in orgs.json()] == [ACME_ORG]


@pytest.mark.scenario(SIGNUP)
def test_a_later_login_reuses_the_user_and_refreshes_its_profile(fed):
    first_flow, first = employee_login(fed, fed.browser(), BOB, organization=ACME_ORG,
                                       connection="acme")
    user_id = decode(fed.browser(), tokens_of(fed.browser(), first_flow, first)["id_token"])["sub"]
    with fed.acme_app.app_context():  # Acme renames Bob in its directory
        db = get_db()
        db.query(User).filter_by(email=BOB).one().name = "Robert Brandt"
        db.commit()
    flow, answer = employee_login(fed, fed.browser(), BOB, organization=ACME_ORG,
                                  connection="acme")
    claims = decode(fed.browser(), tokens_of(fed.browser(), flow, answer)["id_token"])
    assert claims["sub"] == user_id and claims["name"] == "Robert Brandt"
    found = mgmt(fed).get(f"{fed.main_url}/api/v2/users", timeout=10,
                          params={"q": f'email:"{BOB}"', "search_engine": "v3"}).json()
    assert [user["user_id"] for user in found] == [user_id] and found[0]["logins_count"] == 2


@pytest.mark.scenario(ENTERPRISE)
def test_acme_corps_login_page_offers_only_acmes_button(fed):
    http = fed.browser()
    flow = partners_flow(http, clients_of(http))
    page_url = flow.authorize(organization=ACME_ORG).location
    page = http.get(page_url)
    assert page.status == 200
    assert 'id="enterprise-acme"' in page.text and "Continue with Acme Corp" in page.text
    assert 'id="password"' not in page.text
    fields = hidden_fields(page.text)
    pressed = http.post("/u/login/enterprise", data={**fields, "connection": "acme"})
    assert pressed.status == 302 and pressed.location.startswith(fed.acme_url + "/authorize")
    assert urlsplit(pressed.location).netloc == urlsplit(fed.acme_url).netloc


@pytest.mark.scenario(ENTERPRISE)
def test_acme_refusing_the_login_reaches_the_app_as_access_denied(fed):
    http = fed.browser()
    flow, upstream = to_acme(fed, http, organization=ACME_ORG, connection="acme")
    state = query_of(upstream)["state"]
    answer = http.get("/login/callback", params={
        "error": "access_denied", "error_description": "Not allowed by Acme policy",
        "state": state})
    assert answer.status == 302 and answer.location.startswith(flow.redirect_uri)
    result = query_of(answer.location)
    assert result["error"] == "access_denied" and "Acme policy" in result["error_description"]
    assert result["state"] == flow.state and "code" not in result


@pytest.mark.scenario(ENTERPRISE)
def test_an_unreachable_idp_is_a_clear_error_for_the_app(tmp_path):
    fed = start_federation(tmp_path, KEYWORDS={
        "ACME_DISCOVERY_URL": "http://127.0.0.1:9/.well-known/openid-configuration"})
    try:
        http = fed.browser()
        flow = partners_flow(http, clients_of(http))
        answer = flow.authorize(organization=ACME_ORG, connection="acme")
        assert answer.status == 302 and answer.location.startswith(flow.redirect_uri)
        result = query_of(answer.location)
        assert result["error"] == "temporarily_unavailable"
        assert "could not be reached" in result["error_description"]
        logs = http.get("/_cookbook/logs", params={"type": "f"}).json()
        assert logs[0]["connection"] == "acme"
    finally:
        fed.stop()


def test_the_partners_client_may_not_name_a_connection_it_does_not_have(fed):
    http = fed.browser()
    web = clients_of(http)["Travel0 Web"]
    flow = CodeFlow(http, web["client_id"], "http://localhost:5000/callback", web["client_secret"])
    answer = flow.authorize(connection="acme")
    assert query_of(answer.location)["error"] == "invalid_request"  # enabled for Partners only
