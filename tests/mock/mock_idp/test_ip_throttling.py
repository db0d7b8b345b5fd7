"""Suspicious-IP throttling: many failed logins (or sign-ups) from one IP across accounts
throttle that IP (429 ``too_many_attempts``, Auth0's message, ``limit_mu``); other IPs and
allow-listed ones are untouched; the budget refills with (tenant-clock) time, and the
Management API's ``anomaly/blocks/ips`` endpoints check and lift it."""

from __future__ import annotations

import pytest

from mock_idp.db import dispose
from mock_idp.protection import refusals
from tests.support.attack import (
    STRONG,
    Admin,
    Browser,
    allowlisted_ip,
    form_error,
    new_email,
    start_protected_tenant,
)
from tests.support.flows import FlaskHttp, hidden_fields

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2c.phase1.authentication.anomaly-detection"),
              pytest.mark.scenario("b2b.phase1.authentication.anomaly-detection")]
ATTACKER = "203.0.113.66"
MINUTE_MS = 60_000


@pytest.fixture
def tenant(tmp_path):
    """Five failed logins and two sign-ups per IP, one more a minute; brute force left at
    its default of ten per account, so only throttling can trigger below."""
    app = start_protected_tenant(tmp_path, {"suspiciousIpThrottling": {
        "enabled": True, "shields": ["block", "admin_notification"],
        "allowlist": [allowlisted_ip()],
        "stage": {"pre-login": {"max_attempts": 5, "rate": MINUTE_MS},
                  "pre-user-registration": {"max_attempts": 2, "rate": MINUTE_MS}}}})
    yield app
    dispose(app)


@pytest.fixture
def admin(tenant) -> Admin:
    return Admin(tenant)


def spray(browser: Browser, count: int) -> list:
    """One wrong password each for ``count`` different (unknown) accounts."""
    return [browser.try_login(new_email("target"), "Guess-Password-123") for _ in range(count)]


def move_clock(app, seconds: int) -> None:
    assert FlaskHttp(app.test_client()).post("/_cookbook/clock",
                                             json={"advance": seconds}).status == 200


def test_failures_across_accounts_throttle_the_ip(tenant, admin):
    user = admin.create_user(new_email("innocent"))
    browser = Browser(tenant, ATTACKER)
    assert {a.status for a in spray(browser, 5)} == {400}
    answer = browser.try_login(user["email"], STRONG)  # even a right password now
    assert answer.status == 429 and form_error(answer) == refusals.IP_BLOCKED
    as_json = browser.try_login(user["email"], STRONG, headers={"Accept": "application/json"})
    assert as_json.status == 429
    assert as_json.json() == {"error": "too_many_attempts",
                              "error_description": refusals.IP_BLOCKED}


def test_throttling_is_logged_once_as_limit_mu(tenant):
    browser = Browser(tenant, ATTACKER)
    spray(browser, 5)
    spray(browser, 3)
    events = browser.http.get("/_cookbook/logs", params={"type": "limit_mu"}).json()
    assert len(events) == 1 and events[0]["ip"] == ATTACKER
    assert events[0]["details"]["stage"] == "pre-login"


def test_other_ips_and_allow_listed_ips_are_not_throttled(tenant, admin):
    user = admin.create_user(new_email("elsewhere"))
    spray(Browser(tenant, ATTACKER), 5)
    assert Browser(tenant, "198.51.100.77").login(user["email"], STRONG)["access_token"]
    trusted = Browser(tenant, allowlisted_ip())
    assert {a.status for a in spray(trusted, 8)} == {400}
    assert trusted.login(user["email"], STRONG)["access_token"]


def test_the_budget_refills_with_time(tenant, admin):
    user = admin.create_user(new_email("patient"))
    browser = Browser(tenant, ATTACKER)
    spray(browser, 5)
    move_clock(tenant, 30)  # half an attempt regained: still throttled
    assert browser.try_login(user["email"], STRONG).status == 429
    move_clock(tenant, 30)  # one attempt regained after a minute
    assert browser.try_login(new_email("again"), "Guess-Password-123").status == 400
    assert browser.try_login(user["email"], STRONG).status == 429
    move_clock(tenant, 60)
    assert browser.login(user["email"], STRONG)["access_token"]


def test_successful_logins_do_not_spend_the_budget(tenant, admin):
    user = admin.create_user(new_email("regular"))
    browser = Browser(tenant, ATTACKER)
    for _ in range(8):
        assert browser.login(user["email"], STRONG)["access_token"]


def test_management_api_checks_and_lifts_the_throttle(tenant, admin):
    user = admin.create_user(new_email("lifted"))
    assert admin.call("GET", f"/anomaly/blocks/ips/{ATTACKER}").status == 404
    browser = Browser(tenant, ATTACKER)
    spray(browser, 5)
    assert admin.call("GET", f"/anomaly/blocks/ips/{ATTACKER}").status == 200
    assert admin.call("DELETE", f"/anomaly/blocks/ips/{ATTACKER}").status == 204
    assert admin.call("GET", f"/anomaly/blocks/ips/{ATTACKER}").status == 404
    assert browser.login(user["email"], STRONG)["access_token"]
    assert admin.call("GET", "/anomaly/blocks/ips/not-an-ip").status == 400


def sign_up(browser: Browser, email: str):
    page = browser.http.get(browser.flow().authorize(screen_hint="signup").location)
    return browser.http.post("/u/signup", data={**hidden_fields(page.text), "email": email,
                                                "password": STRONG, "action": "default"})


def test_many_sign_ups_from_one_ip_are_throttled(tenant):
    browser = Browser(tenant, ATTACKER)
    assert sign_up(browser, new_email("first")).status == 302
    assert sign_up(Browser(tenant, ATTACKER), new_email("second")).status == 302
    third = sign_up(Browser(tenant, ATTACKER), new_email("third"))
    assert third.status in (400, 429) and refusals.IP_SIGNUP_BLOCKED in third.text
    assert sign_up(Browser(tenant, "198.51.100.78"), new_email("fourth")).status == 302
