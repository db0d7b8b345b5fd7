"""Attack protection and blocked users in a real browser: brute force against Universal Login
and the emailed unblock link, and an administrator's block ending the user's session."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mock_idp.protection import refusals
from tests.support.attack import STRONG, TenantAdmin, link_in, new_email

pytestmark = pytest.mark.integration


@pytest.fixture
def admin(stack):
    manager = TenantAdmin(stack)
    yield manager
    manager.close()


@pytest.mark.scenario("b2c.phase1.authentication.anomaly-detection")
@pytest.mark.scenario("b2b.phase1.authentication.anomaly-detection")
def test_brute_force_blocks_and_the_emailed_link_unblocks(b2c, universal_login, stack, page,
                                                          admin):
    email = new_email("browser")
    admin.create_user(email)
    b2c.open()
    b2c.click_log_in()
    for attempt in range(9):
        universal_login.log_in(email, f"Wrong-Password-{attempt:02d}")
        expect(universal_login.error()).to_have_text("Wrong email or password")
    universal_login.log_in(email, "Wrong-Password-10")
    expect(universal_login.error()).to_have_text(refusals.USER_BLOCKED + refusals.EMAIL_SENT)
    universal_login.log_in(email, STRONG)  # blocked from here, whatever the password
    expect(universal_login.error()).to_have_text(refusals.USER_BLOCKED + refusals.EMAIL_SENT)

    [mail] = stack.target.outbox(to=email, template="blocked_account")
    page.goto(link_in(mail))  # the page submits itself, as Auth0's does
    expect(page.locator("#unblock-result")).to_have_text(
        "Your account has been unblocked. Go back to the application and log in again.")

    b2c.open()
    b2c.click_log_in()
    universal_login.log_in(email, STRONG)
    b2c.expect_logged_in_as(email)


@pytest.mark.scenario("b2c.phase1.profile.blocked-users")
@pytest.mark.scenario("b2b.phase1.profile.blocked-users")
def test_a_blocked_users_session_ends_and_login_says_why(b2c, universal_login, stack, page,
                                                          admin):
    email = new_email("member")
    user = admin.create_user(email)
    b2c.open()
    b2c.click_log_in()
    universal_login.log_in(email, STRONG)
    b2c.expect_logged_in_as(email)

    admin.set_blocked(user["user_id"], True)
    b2c.log_out_of_app()  # the app forgets the user; the tenant's session would sign them in
    b2c.open()
    b2c.click_log_in()
    universal_login.expect_shown()  # no single sign-on: the block ended the tenant session
    universal_login.log_in(email, STRONG)
    expect(page.locator("#error-page")).to_have_attribute("data-error", "unauthorized")
    expect(page.locator("#error-message")).to_have_text("user is blocked")

    admin.set_blocked(user["user_id"], False)
    b2c.open()
    b2c.click_log_in()
    universal_login.log_in(email, STRONG)
    b2c.expect_logged_in_as(email)
