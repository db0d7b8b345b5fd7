"""Attacks on attack protection itself: password guessing, enumeration through the block
messages, spoofed client addresses, a blocked user's old refresh token, and the unblock link."""

from __future__ import annotations

import pytest

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
)
from tests.support.flows import hidden_fields

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2c.phase1.authentication.anomaly-detection"),
              pytest.mark.scenario("b2b.phase1.authentication.anomaly-detection")]
GUESSES = [f"Guess-{n:03d}-Password" for n in range(30)]


@pytest.fixture
def admin(tenant_app) -> Admin:
    return Admin(tenant_app)


def test_guessing_stops_at_the_threshold_even_for_the_right_password(tenant_app, admin):
    user = admin.create_user(new_email("target"))
    attacker = Browser(tenant_app, "203.0.113.200")
    statuses = [attacker.try_login(user["email"], guess).status for guess in GUESSES[:20]]
    assert statuses.count(400) == 9 and statuses[9:] == [429] * 11
    assert attacker.try_login(user["email"], STRONG).status == 429
    fu_fp = [e for e in Browser(tenant_app, "198.51.100.1").http.get("/_cookbook/logs").json()
             if e["type"] in ("fp", "fu")]
    assert len(fu_fp) == 10, "attempts after the block never reach the password check"


def outcome(browser: Browser, email: str, password: str) -> tuple[int, str]:
    answer = browser.try_login(email, password)
    return answer.status, form_error(answer)


def test_block_messages_do_not_reveal_whether_an_account_exists(tenant_app, admin):
    real = admin.create_user(new_email("real"))["email"]
    ghost = new_email("ghost")  # nobody has this address
    seen_real = [outcome(Browser(tenant_app, "203.0.113.201"), real, g) for g in GUESSES[:12]]
    seen_ghost = [outcome(Browser(tenant_app, "203.0.113.202"), ghost, g) for g in GUESSES[:12]]
    assert seen_real == seen_ghost
    assert seen_real[9] == (429, refusals.USER_BLOCKED + refusals.EMAIL_SENT)
    listed = admin.call("GET", f"/user-blocks?identifier={ghost}").json()["blocked_for"]
    assert [b["ip"] for b in listed] == ["203.0.113.202"]
    assert outbox(tenant_app, ghost) == []  # nobody to write to


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP", "Forwarded",
                                    "CF-Connecting-IP", "True-Client-IP"])
def test_spoofed_address_headers_are_ignored(tenant_app, admin, header):
    user = admin.create_user(new_email("spoofed"))
    attacker = Browser(tenant_app, "203.0.113.203")
    for n, guess in enumerate(GUESSES[:10]):
        # a fresh fake address each time, or the allow-listed office address
        fake = allowlisted_ip() if n % 2 else f"10.9.8.{n}"
        value = f"for={fake}" if header == "Forwarded" else fake
        attacker.http.client.environ_base[f"HTTP_{header.upper().replace('-', '_')}"] = value
        attacker.try_login(user["email"], guess)
    assert attacker.try_login(user["email"], STRONG).status == 429
    listed = admin.call("GET", f"/user-blocks?identifier={user['email']}").json()["blocked_for"]
    assert [b["ip"] for b in listed] == ["203.0.113.203"]


@pytest.mark.scenario("b2c.phase1.profile.blocked-users")
@pytest.mark.scenario("b2b.phase1.profile.blocked-users")
def test_a_blocked_users_old_refresh_token_is_refused(tenant_app, admin):
    user = admin.create_user(new_email("stolen"))
    browser = Browser(tenant_app, "203.0.113.204")
    tokens = browser.login(user["email"], STRONG)
    admin.set_blocked(user["user_id"], True)
    answer = browser.flow().refresh(tokens["refresh_token"])
    assert answer.status == 403 and answer.json()["error"] == "invalid_grant"
    assert "access_token" not in answer.text
    # a refused exchange does not burn the token into a reuse-detection revocation either
    admin.set_blocked(user["user_id"], False)
    assert browser.flow().refresh(tokens["refresh_token"]).status == 200


def blocked_with_link(tenant_app, admin) -> tuple[dict, Browser, str]:
    user = admin.create_user(new_email("locked"))
    browser = Browser(tenant_app, "203.0.113.205")
    for guess in GUESSES[:10]:
        browser.try_login(user["email"], guess)
    [mail] = outbox(tenant_app, user["email"], "blocked_account")
    return user, browser, link_in(mail)


def test_fetching_the_unblock_link_alone_unblocks_nothing(tenant_app, admin):
    user, browser, link = blocked_with_link(tenant_app, admin)
    for _ in range(3):  # a mail scanner following the link
        assert Browser(tenant_app, "192.0.2.99").http.get(link).status == 200
    assert browser.try_login(user["email"], STRONG).status == 429


def test_the_unblock_form_needs_its_csrf_token_and_a_real_ticket(tenant_app, admin):
    user, browser, link = blocked_with_link(tenant_app, admin)
    fields = hidden_fields(browser.http.get(link).text)
    forged = browser.http.post("/u/brute-force-protection-unblock",
                               data={"ticket": fields["ticket"]})
    assert forged.status == 403
    other_browser = Browser(tenant_app, "203.0.113.206")  # another browser's token is no use
    assert other_browser.http.post("/u/brute-force-protection-unblock", data=fields).status == 403
    guessed = browser.http.get("/u/brute-force-protection-unblock?ticket=guessed-ticket")
    assert guessed.status == 400 and "not valid" in guessed.text
    assert browser.try_login(user["email"], STRONG).status == 429


def test_a_password_reset_ticket_cannot_unblock(tenant_app, admin):
    user, browser, _link = blocked_with_link(tenant_app, admin)
    reset = admin.call("POST", "/tickets/password-change", {"user_id": user["user_id"]}).json()
    ticket = reset["ticket"].split("ticket=", 1)[1].rstrip("#")
    page = browser.http.get(f"/u/brute-force-protection-unblock?ticket={ticket}")
    assert page.status == 400
    assert browser.try_login(user["email"], STRONG).status == 429
