"""Brute-force protection on Universal Login: ten failures for one user from one IP block that
pair (429 ``too_many_attempts``, Auth0's message, ``limit_wc``), the user gets the
blocked_account email whose link lifts the block, and the user-blocks endpoints see it."""

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
    link_in,
    new_email,
    outbox,
    start_protected_tenant,
)
from tests.support.flows import hidden_fields

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2c.phase1.authentication.anomaly-detection"),
              pytest.mark.scenario("b2b.phase1.authentication.anomaly-detection")]
WRONG = "Not-The-Password-9"
BLOCKED = refusals.USER_BLOCKED + refusals.EMAIL_SENT


@pytest.fixture
def admin(tenant_app) -> Admin:
    return Admin(tenant_app)


@pytest.fixture
def user(admin) -> dict:
    return admin.create_user(new_email("traveller"))


def fail(browser: Browser, email: str, times: int) -> list:
    return [browser.try_login(email, WRONG) for _ in range(times)]


def test_ten_failures_block_the_user_from_that_ip(tenant_app, user):
    browser = Browser(tenant_app, "203.0.113.7")
    answers = fail(browser, user["email"], 10)
    assert [a.status for a in answers[:9]] == [400] * 9
    assert {form_error(a) for a in answers[:9]} == {"Wrong email or password"}
    assert answers[9].status == 429 and form_error(answers[9]) == BLOCKED
    right = browser.try_login(user["email"], STRONG)  # the right password does not help now
    assert right.status == 429 and form_error(right) == BLOCKED


def test_blocked_login_answers_json_too_many_attempts(tenant_app, user):
    browser = Browser(tenant_app, "203.0.113.8")
    fail(browser, user["email"], 10)
    answer = browser.try_login(user["email"], STRONG, headers={"Accept": "application/json"})
    assert answer.status == 429
    assert answer.json() == {"error": "too_many_attempts", "error_description": BLOCKED}


def test_the_block_is_logged_as_limit_wc(tenant_app, user, logs):
    fail(Browser(tenant_app, "203.0.113.9"), user["email"], 10)
    [event] = logs("limit_wc")
    assert event["user_id"] == user["user_id"] and event["ip"] == "203.0.113.9"
    assert event["details"]["blocked"] is True


def test_the_same_user_from_another_ip_still_logs_in(tenant_app, user):
    fail(Browser(tenant_app, "203.0.113.10"), user["email"], 10)
    tokens = Browser(tenant_app, "198.51.100.23").login(user["email"], STRONG)
    assert tokens["access_token"]


def test_an_allow_listed_ip_is_never_blocked(tenant_app, user):
    browser = Browser(tenant_app, allowlisted_ip())
    answers = fail(browser, user["email"], 12)
    assert {a.status for a in answers} == {400}
    assert browser.login(user["email"], STRONG)["access_token"]


def test_a_successful_login_resets_the_count(tenant_app, user):
    browser = Browser(tenant_app, "203.0.113.11")
    fail(browser, user["email"], 9)
    assert browser.login(user["email"], STRONG)["access_token"]
    assert {a.status for a in fail(browser, user["email"], 9)} == {400}
    assert browser.login(user["email"], STRONG)["access_token"]


def test_the_user_gets_an_unblock_link_that_lifts_the_block(tenant_app, user):
    browser = Browser(tenant_app, "203.0.113.12")
    fail(browser, user["email"], 10)
    [mail] = outbox(tenant_app, user["email"], "blocked_account")
    link = link_in(mail)
    assert "/u/brute-force-protection-unblock?ticket=" in link
    page = browser.http.get(link)  # opening the link only shows the form (mail scanners)
    assert page.status == 200 and 'id="unblock-form"' in page.text
    assert browser.try_login(user["email"], STRONG).status == 429
    fields = hidden_fields(page.text)
    done = browser.http.post("/u/brute-force-protection-unblock", data=fields)
    assert done.status == 200 and "Your account has been unblocked" in done.text
    assert browser.login(user["email"], STRONG)["access_token"]
    again = browser.http.post("/u/brute-force-protection-unblock", data=fields)
    assert again.status == 400 and "already been used" in again.text


def test_user_blocks_endpoints_list_and_lift_blocks(tenant_app, admin, user):
    browser = Browser(tenant_app, "203.0.113.13")
    fail(browser, user["email"], 10)
    listed = admin.call("GET", f"/user-blocks?identifier={user['email']}")
    assert listed.status == 200
    assert listed.json() == {"blocked_for": [{"identifier": user["email"], "ip": "203.0.113.13",
                                              "connection": "Username-Password-Authentication"}]}
    by_id = admin.call("GET", f"/user-blocks/{user['user_id']}")
    assert by_id.json() == listed.json()
    assert admin.call("DELETE", f"/user-blocks/{user['user_id']}").status == 204
    assert admin.call("GET", f"/user-blocks?identifier={user['email']}").json() == {
        "blocked_for": []}
    assert browser.login(user["email"], STRONG)["access_token"]
    # counting starts afresh: one more failure is not a block
    assert browser.try_login(user["email"], WRONG).status == 400


def test_unblock_by_identifier(tenant_app, admin, user):
    browser = Browser(tenant_app, "203.0.113.14")
    fail(browser, user["email"], 10)
    assert admin.call("DELETE", f"/user-blocks?identifier={user['email']}").status == 204
    assert browser.login(user["email"], STRONG)["access_token"]


def test_a_password_change_lifts_the_block(tenant_app, admin, user):
    browser = Browser(tenant_app, "203.0.113.15")
    fail(browser, user["email"], 10)
    changed = admin.call("PATCH", f"/users/{user['user_id']}",
                         {"password": "Travel0-Brand-New-77"})
    assert changed.status == 200, changed.text
    assert browser.login(user["email"], "Travel0-Brand-New-77")["access_token"]


def test_a_block_ends_after_thirty_days(tenant_app, http, user):
    browser = Browser(tenant_app, "203.0.113.16")
    fail(browser, user["email"], 10)
    assert http.post("/_cookbook/clock", json={"advance": 30 * 86400}).status == 200
    assert browser.login(user["email"], STRONG)["access_token"]


@pytest.fixture
def account_lockout(tmp_path):
    """``count_per_identifier``: failures from every IP add up, and the block covers all."""
    app = start_protected_tenant(tmp_path, {"bruteForceProtection": {
        "enabled": True, "shields": ["block"], "mode": "count_per_identifier",
        "max_attempts": 4}})
    yield app
    dispose(app)


def test_count_per_identifier_blocks_the_account_everywhere(account_lockout):
    user = Admin(account_lockout).create_user(new_email("lockout"))
    for ip in ("203.0.113.20", "203.0.113.21", "203.0.113.22"):
        assert Browser(account_lockout, ip).try_login(user["email"], WRONG).status == 400
    fourth = Browser(account_lockout, "203.0.113.23").try_login(user["email"], WRONG)
    assert fourth.status == 429 and form_error(fourth) == refusals.USER_BLOCKED  # no email
    assert Browser(account_lockout, "198.51.100.99").try_login(user["email"], STRONG).status == 429
    assert outbox(account_lockout, user["email"], "blocked_account") == []
