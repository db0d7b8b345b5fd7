"""Users an administrator blocks (``PATCH /api/v2/users/{id}`` ``blocked: true``): no login
(Auth0 sends ``unauthorized`` / ``user is blocked`` to the application and logs ``f``), every
SSO session ends at once, refresh tokens are refused; unblocking restores access."""

from __future__ import annotations

import pytest

from tests.support.attack import STRONG, Admin, Browser, new_email
from tests.support.flows import query_of

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2c.phase1.profile.blocked-users"),
              pytest.mark.scenario("b2b.phase1.profile.blocked-users")]
IP = "203.0.113.90"


@pytest.fixture
def admin(tenant_app) -> Admin:
    return Admin(tenant_app)


@pytest.fixture
def user(admin) -> dict:
    return admin.create_user(new_email("member"))


def test_a_blocked_user_cannot_log_in(tenant_app, admin, user, logs):
    admin.set_blocked(user["user_id"], True)
    browser = Browser(tenant_app, IP)
    answer = browser.try_login(user["email"], STRONG)
    assert answer.status == 302 and answer.location.startswith("http://localhost:5000/callback?")
    sent = query_of(answer.location)
    assert (sent["error"], sent["error_description"]) == ("unauthorized", "user is blocked")
    [event] = logs("f")
    assert event["description"] == "user is blocked" and event["user_id"] == user["user_id"]


def test_a_wrong_password_does_not_reveal_the_block(tenant_app, admin, user):
    admin.set_blocked(user["user_id"], True)
    answer = Browser(tenant_app, IP).try_login(user["email"], "Wrong-Password-55")
    assert answer.status == 400 and "Wrong email or password" in answer.text


def test_blocking_ends_every_sso_session_at_once(tenant_app, admin, user, http):
    browser = Browser(tenant_app, IP)
    browser.login(user["email"], STRONG)
    assert browser.flow().authorize(prompt="none").location.count("code=") == 1
    admin.set_blocked(user["user_id"], True)
    silent = query_of(browser.flow().authorize(prompt="none").location)
    assert silent["error"] == "login_required"
    sessions = [s for s in http.get("/_cookbook/sessions").json()
                if s["user_id"] == user["user_id"]]
    assert sessions and all(s["ended_at"] is not None for s in sessions)
    assert "/u/login" in browser.flow().authorize().location  # the next login asks again


def test_refresh_tokens_are_refused_while_blocked(tenant_app, admin, user, logs):
    browser = Browser(tenant_app, IP)
    tokens = browser.login(user["email"], STRONG)
    admin.set_blocked(user["user_id"], True)
    answer = browser.flow().refresh(tokens["refresh_token"])
    assert answer.status == 403
    assert answer.json() == {"error": "invalid_grant", "error_description": "user is blocked"}
    assert logs("fertft")[0]["description"] == "user is blocked"
    userinfo = browser.http.get("/userinfo",
                                headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert userinfo.status == 401


def test_unblocking_restores_access(tenant_app, admin, user):
    browser = Browser(tenant_app, IP)
    tokens = browser.login(user["email"], STRONG)
    admin.set_blocked(user["user_id"], True)
    assert browser.flow().refresh(tokens["refresh_token"]).status == 403
    admin.set_blocked(user["user_id"], False)
    assert browser.login(user["email"], STRONG)["access_token"]
    # the block was checked at each exchange, not a revocation: the old token works again
    assert browser.flow().refresh(tokens["refresh_token"]).status == 200


def test_the_user_blocks_endpoints_do_not_lift_an_admin_block(tenant_app, admin, user):
    admin.set_blocked(user["user_id"], True)
    assert admin.call("DELETE", f"/user-blocks/{user['user_id']}").status == 204
    answer = Browser(tenant_app, IP).try_login(user["email"], STRONG)
    assert query_of(answer.location)["error"] == "unauthorized"
