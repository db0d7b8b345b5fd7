"""Operator notices as tenant log events of Auth0's types, and the operations page that
shows them with the log streams (the mock's stand-in for the Dashboard)."""

from __future__ import annotations

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.actions import ActionFile
from tests.support.fixtures import tenant_overrides
from tests.support.flows import FlaskHttp
from tests.support.orgs import ANA, PARTNERS, PARTNERS_CALLBACK, SUNRISE
from tests.support.tenant import JANE, demo_password

pytestmark = pytest.mark.mock


@pytest.fixture
def make_tenant(tmp_path):
    started = []

    def make(**settings):
        app = create_app(tenant_overrides(tmp_path / f"t{len(started)}", **settings))
        started.append(app)
        return app, FlaskHttp(app.test_client())

    yield make
    for app in started:
        dispose(app)


def management_token(app, http) -> dict:
    manager = {c["name"]: c for c in http.get("/_cookbook/clients").json()}["Travel0 Management"]
    token = http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": manager["client_id"],
        "client_secret": manager["client_secret"],
        "audience": f"{app.config['ISSUER']}api/v2/"}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def logs(http, event_type: str) -> list[dict]:
    return http.get("/_cookbook/logs", params={"type": event_type}).json()


@pytest.mark.scenario("b2c.phase1.operations.notifications")
def test_rate_limit_warning_then_api_limit_once_a_minute(make_tenant):
    app, http = make_tenant(MGMT_RATE_LIMIT=5, MGMT_RATE_REFILL=1)
    auth = management_token(app, http)
    statuses = [http.get("/api/v2/roles", headers=auth).status for _ in range(8)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 3
    [warning] = logs(http, "api_limit_warning")
    [limit] = logs(http, "api_limit")
    assert warning["details"]["limit"] == 5 and warning["details"]["path"] == "/api/v2/roles"
    assert limit["description"] == "Global limit has been reached"
    assert limit["user_name"].endswith("@clients"), "names the caller"
    app.extensions["mock_idp.clock"].advance(61)
    http.get("/api/v2/roles", headers=auth)  # refilled; then drain it again
    while http.get("/api/v2/roles", headers=auth).status != 429:
        pass
    assert len(logs(http, "api_limit")) == 2, "a minute later the limit is reported again"
    page = http.get("/_cookbook/operations").text
    assert 'data-type="api_limit"' in page and 'data-type="api_limit_warning"' in page


@pytest.mark.scenario("b2c.phase1.operations.notifications")
def test_an_action_failing_repeatedly_is_flagged(actions_tenant):
    tenant = actions_tenant(ActionFile("inventory", "post-login",
                                       "throw new Error('Inventory service down');"))
    for attempt in range(3):
        flow = tenant.flow()
        flow.submit_login(flow.authorize().location, JANE, demo_password(JANE))
        page = tenant.http.get("/_cookbook/operations").text
        assert ("inventory</strong>: 3 failures" in page) == (attempt == 2)
    failures = tenant.logs("actions_execution_failed")
    assert len(failures) == 3 and failures[0]["details"]["action_name"] == "inventory"
    assert failures[0]["details"]["error"]["message"] == "Inventory service down"
    assert failures[0]["details"]["trigger_id"] == "post-login"


@pytest.mark.scenario("b2c.phase1.operations.notifications")
def test_a_signing_key_past_its_rotation_age_gives_one_notice_a_day(make_tenant):
    _app, http = make_tenant(SIGNING_KEY_ROTATION_DAYS=30)
    assert logs(http, "depnote") == [] and 'id="no-notices"' in http.get("/_cookbook/operations").text
    http.post("/_cookbook/clock", json={"advance": 31 * 86400})
    page = http.get("/_cookbook/operations").text
    [notice] = logs(http, "depnote")
    assert "is 31 days old; rotate it (rotation age: 30 days)" in notice["description"]
    assert notice["description"] in page
    http.get("/_cookbook/operations")
    assert len(logs(http, "depnote")) == 1, "not again the same day"
    http.post("/_cookbook/clock", json={"advance": 86400})
    http.get("/.well-known/openid-configuration")  # any request checks, at most hourly
    assert len(logs(http, "depnote")) == 2


def test_the_operations_page_lists_streams_and_is_control_plane_only(make_tenant):
    _app, http = make_tenant()
    page = http.get("/_cookbook/operations")
    assert page.status == 200 and "Travel0 operations log" in page.text
    assert 'data-status="active"' in page.text and "http://localhost:5300/auth0/logs" in page.text
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert "Bearer" not in page.text, "the stream's secret is not shown"
    _closed, closed_http = make_tenant(CONTROL_PLANE=False)
    assert closed_http.get("/_cookbook/operations").status == 404


@pytest.mark.scenario("b2b.phase1.operations.notifications")
def test_an_action_failing_in_agency_logins_names_the_partner_app_and_agency(actions_tenant):
    """A B2B-only cause: an Action that breaks only in organization logins. The notices name
    Travel0 Partners and the agency, so the operator sees which customer is affected."""
    tenant = actions_tenant(ActionFile(
        "partner-tier", "post-login",
        "if (event.organization) { throw new Error('Partner tier service down'); }"))
    for attempt in range(3):
        flow = tenant.flow(PARTNERS, PARTNERS_CALLBACK)
        flow.submit_login(flow.authorize(organization=SUNRISE).location, ANA, demo_password(ANA))
        page = tenant.http.get("/_cookbook/operations").text
        assert ("partner-tier</strong>: 3 failures" in page) == (attempt == 2)
    failures = tenant.logs("actions_execution_failed")
    assert len(failures) == 3
    assert {(f["client_name"], f["organization_name"]) for f in failures} == {
        (PARTNERS, SUNRISE)}
    assert failures[0]["organization_id"].startswith("org_")
    assert failures[0]["details"]["error"]["message"] == "Partner tier service down"
    web = tenant.flow()
    assert "code=" in web.submit_login(web.authorize().location, JANE, demo_password(JANE)
                                       ).location, "consumer logins are not affected"
