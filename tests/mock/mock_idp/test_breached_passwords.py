"""Breached-password detection: sign-up, password changes and logins meet the shipped list of
known-breached passwords, with Auth0's messages and log events (``signup_pwd_leak``,
``reset_pwd_leak``, ``pwd_leak``); at login the tenant's shields decide block or notify."""

from __future__ import annotations

import pytest

from mock_idp.db import dispose
from mock_idp.protection import refusals
from tests.support.attack import (
    BREACHED,
    DB,
    STRONG,
    Admin,
    Browser,
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


@pytest.fixture
def admin(tenant_app) -> Admin:
    return Admin(tenant_app)


def sign_up(browser: Browser, email: str, password: str):
    flow = browser.flow()
    page = browser.http.get(flow.authorize(screen_hint="signup").location)
    return browser.http.post("/u/signup", data={**hidden_fields(page.text), "email": email,
                                                "password": password, "action": "default"})


def test_sign_up_refuses_a_breached_password(tenant_app, admin, logs):
    email = new_email("newcomer")
    page = sign_up(Browser(tenant_app, "203.0.113.40"), email, BREACHED)
    assert page.status == 400 and refusals.SIGNUP_BREACHED in page.text.replace("&#39;", "'")
    assert admin.call("GET", f"/users-by-email?email={email}").json() == []
    [event] = logs("signup_pwd_leak")
    assert event["user_name"] == email and event["ip"] == "203.0.113.40"


def test_api_sign_up_refuses_a_breached_password(tenant_app):
    browser = Browser(tenant_app, "203.0.113.41")
    answer = browser.http.post("/dbconnections/signup", json={
        "client_id": browser.client_id, "connection": DB, "email": new_email("api"),
        "password": BREACHED})
    assert answer.status == 400
    assert answer.json()["code"] == "password_leaked"
    assert answer.json()["description"] == refusals.SIGNUP_BREACHED


def test_a_strong_unlisted_password_signs_up(tenant_app):
    answer = sign_up(Browser(tenant_app, "203.0.113.42"), new_email("fine"), STRONG)
    assert answer.status == 302 and "code=" in answer.location


def test_a_password_change_refuses_a_breached_password(tenant_app, admin, logs):
    user = admin.create_user(new_email("changer"))
    answer = admin.call("PATCH", f"/users/{user['user_id']}", {"password": BREACHED})
    assert answer.status == 400
    assert answer.json()["message"] == f"PasswordBreachedError: {refusals.CHANGE_BREACHED}"
    assert logs("reset_pwd_leak")[0]["user_id"] == user["user_id"]
    assert Browser(tenant_app, "203.0.113.43").login(user["email"], STRONG)["access_token"]


def test_the_reset_page_refuses_a_breached_password(tenant_app, admin):
    user = admin.create_user(new_email("resetter"))
    ticket = admin.call("POST", "/tickets/password-change", {"user_id": user["user_id"]}).json()
    browser = Browser(tenant_app, "203.0.113.44")
    page = browser.http.get(ticket["ticket"])
    answer = browser.http.post("/u/reset-password", data={
        **hidden_fields(page.text), "password-reset": BREACHED, "re-enter-password": BREACHED,
        "action": "default"})
    assert answer.status == 400
    assert refusals.CHANGE_BREACHED in answer.text.replace("&#39;", "'")


def test_login_with_a_breached_password_is_blocked_and_the_user_told(tenant_app, admin, logs):
    """The shipped tenant: shields block + user_notification."""
    user = admin.create_user(new_email("reuser"), BREACHED)  # an administrator may set any
    answer = Browser(tenant_app, "203.0.113.45").try_login(user["email"], BREACHED)
    assert answer.status == 400 and form_error(answer) == refusals.LOGIN_BREACHED
    [event] = logs("pwd_leak")
    assert event["user_id"] == user["user_id"]
    [mail] = outbox(tenant_app, user["email"], "stolen_credentials")
    assert "/u/reset-password?ticket=" in link_in(mail)
    assert logs("s") == []


def test_json_callers_get_password_leaked(tenant_app, admin):
    user = admin.create_user(new_email("jsonuser"), BREACHED)
    answer = Browser(tenant_app, "203.0.113.46").try_login(
        user["email"], BREACHED, headers={"Accept": "application/json"})
    assert answer.status == 400
    assert answer.json() == {"error": "password_leaked",
                             "error_description": refusals.LOGIN_BREACHED_API}


@pytest.fixture
def notify_only(tmp_path):
    app = start_protected_tenant(tmp_path, {"breachedPasswordDetection": {
        "enabled": True, "shields": ["user_notification"], "method": "standard"}})
    yield app
    dispose(app)


def test_notify_only_shield_lets_the_login_through_and_emails(notify_only):
    admin = Admin(notify_only)
    user = admin.create_user(new_email("notified"), BREACHED)
    tokens = Browser(notify_only, "203.0.113.47").login(user["email"], BREACHED)
    assert tokens["access_token"]
    assert len(outbox(notify_only, user["email"], "stolen_credentials")) == 1
    logs = Browser(notify_only, "203.0.113.47").http.get(
        "/_cookbook/logs", params={"type": "pwd_leak"}).json()
    assert len(logs) == 1


@pytest.fixture
def detection_off(tmp_path):
    app = start_protected_tenant(tmp_path, {"breachedPasswordDetection": {"enabled": False}})
    yield app
    dispose(app)


def test_detection_off_checks_nothing(detection_off):
    browser = Browser(detection_off, "203.0.113.48")
    assert sign_up(browser, new_email("anyone"), BREACHED).status == 302
