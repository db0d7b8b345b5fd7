"""``/api/v2/logs`` and ``/api/v2/users/{id}/logs`` on the wire: search, paging, sorting,
fields, checkpoint paging with its ``Link`` header, and every bad parameter as a 400."""

from __future__ import annotations

import re

import pytest

from tests.support.flows import CodeFlow
from tests.support.tenant import JANE, demo_password

pytestmark = pytest.mark.mock


def login_twice(tenant) -> None:
    web = tenant.clients()["Travel0 Web"]
    flow = CodeFlow(tenant.http, web["client_id"], "http://localhost:5000/callback",
                    web["client_secret"])
    flow.submit_login(flow.authorize().location, JANE, "Wrong-Password-123")
    flow.login(JANE, demo_password(JANE))


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_search_sort_fields_and_totals(live_tenant, manager_api):
    login_twice(live_tenant)
    token = live_tenant.token()
    found = live_tenant.api("GET", "/logs", token, params={
        "q": f'user_name:"{JANE}" AND (type:s OR type:fp)', "sort": "date:1",
        "fields": "type,user_name,log_id", "include_fields": "true", "include_totals": "true",
        "per_page": 1, "page": 1}).json()
    assert found["total"] == 2 and found["start"] == 1 and found["limit"] == 1
    assert [set(log) for log in found["logs"]] == [{"type", "user_name", "log_id"}]
    assert found["logs"][0]["type"] == "s", "oldest first: the failure, then the login"
    without = live_tenant.api("GET", "/logs", token, params={
        "q": "type:fp", "fields": "details,user_agent", "include_fields": "false"}).json()
    assert without and all("details" not in log and "type" in log for log in without)
    wildcard = live_tenant.api("GET", "/logs", token, params={"q": "type:s*"}).json()
    assert {"s", "seacft", "seccft"} <= {log["type"] for log in wildcard}
    assert all(log["type"].startswith("s") for log in wildcard)
    page = manager_api.logs.list(search="type:fp", include_totals=True, sort="date:1",
                                 fields="type,log_id", include_fields=True)
    assert page.response.total == 1 and page.items[0].type == "fp"


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_checkpoint_paging_follows_the_link_header(live_tenant):
    login_twice(live_tenant)
    token = live_tenant.token()
    first = live_tenant.api("GET", "/logs", token, params={"from": "", "take": 2,
                                                           "q": "type:nothing-matches"})
    assert len(first.json()) == 2, "with from/take every other parameter is ignored"
    seen = [log["log_id"] for log in first.json()]
    response = first
    for _ in range(20):
        link = re.fullmatch(r'<([^>]+)>; rel="next"', response.headers["Link"]).group(1)
        assert link.startswith(f"{live_tenant.url}/api/v2/logs?from=")
        response = live_tenant.api("GET", link.removeprefix(f"{live_tenant.url}/api/v2"), token)
        if not response.json():
            break
        seen += [log["log_id"] for log in response.json()]
    assert response.json() == [] and f"from={seen[-1]}" in response.headers["Link"], \
        "an empty page links to itself"
    every = live_tenant.api("GET", "/logs", token, params={"sort": "date:1", "per_page": 100}).json()
    assert seen == [log["log_id"] for log in every][:len(seen)] and len(seen) >= 4
    unknown = live_tenant.api("GET", "/logs", token, params={"from": "1", "take": 100}).json()
    assert [log["log_id"] for log in unknown][:len(seen)] == seen, \
        "an id that is not stored: the events that sort after it"


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_a_users_logs(live_tenant, manager_api):
    login_twice(live_tenant)
    user = manager_api.users.list_users_by_email(email=JANE)[0]
    token = live_tenant.token()
    mine = live_tenant.api("GET", f"/users/{user.user_id}/logs", token,
                           params={"include_totals": "true", "per_page": 2, "sort": "date:-1"}).json()
    assert mine["total"] >= 3 and len(mine["logs"]) == 2
    assert all(log["user_id"] == user.user_id for log in mine["logs"])
    assert mine["logs"][0]["type"] == "seacft", "newest first"
    missing = live_tenant.api("GET", "/users/auth0%7Cnobody/logs", token)
    assert missing.status_code == 404 and missing.json()["errorCode"] == "inexistent_user"


@pytest.mark.parametrize("params", [
    {"take": "101", "from": ""}, {"take": "0", "from": ""}, {"take": "many", "from": ""},
    {"per_page": "101"}, {"per_page": "-1"}, {"page": "x"}, {"page": "10", "per_page": "100"},
    {"include_totals": "maybe"}, {"include_fields": "sometimes", "fields": "type"},
    {"sort": "user_name:1"}, {"sort": "date:up"}, {"q": "type:(s OR"}, {"q": 'user_name:"open'},
    {"q": "type:" + "a" * 2500}, {"q": " OR ".join(["type:s"] * 100)},
])
def test_bad_parameters_are_400_in_auth0s_shape(live_tenant, params):
    response = live_tenant.api("GET", "/logs", live_tenant.token(), params=params)
    assert response.status_code == 400, (params, response.text)
    body = response.json()
    assert body["statusCode"] == 400 and body["error"] == "Bad Request" and body["message"]
    assert body["errorCode"] in ("invalid_query_string", "invalid_paging")


def test_users_logs_reject_bad_paging_too(live_tenant, manager_api):
    user = manager_api.users.list_users_by_email(email=JANE)[0]
    for params in ({"per_page": "500"}, {"sort": "type:1"}, {"include_totals": "perhaps"}):
        response = live_tenant.api("GET", f"/users/{user.user_id}/logs", live_tenant.token(),
                                   params=params)
        assert response.status_code == 400 and response.json()["statusCode"] == 400, params
