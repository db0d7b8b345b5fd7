"""Sign-up, email verification and password reset in a real browser, reading the mail the
tenant sent through SMTP on the tenant's outbox page (HTML rendered, links clickable)."""

from __future__ import annotations

import re
import secrets

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.support.accounts import DB
from tests.support.pages import UniversalLogin, starts_with

pytestmark = pytest.mark.integration
PASSWORD, NEW = "Travel-Far-2026!", "Travel-Further-2027!"


def open_email(page: Page, stack, email: str, subject: str) -> None:
    """The outbox page for ``email``, then the message with ``subject``."""
    page.goto(stack.target.outbox_page(to=email))
    page.get_by_role("link", name=subject).click()
    expect(page.locator("#message-subject")).to_have_text(subject)


def click_in_email(page: Page, link_text: str) -> None:
    """Follow a link of the rendered email (it opens in the top window, as in a mail app)."""
    page.frame_locator("#message-body").get_by_role("link", name=link_text).click()


@pytest.mark.scenario("b2c.phase1.profile.account-verification")
@pytest.mark.scenario("b2c.phase1.provisioning.self-sign-up")
@pytest.mark.scenario("b2c.phase1.branding.email-templates")
@pytest.mark.scenario("b2c.phase1.operations.email-provider")
def test_sign_up_then_verify_the_email_from_the_outbox(b2c, stack, page):
    stack.target.needs_outbox()  # a real tenant's mail is not readable here: skips, says why
    email = f"verify-{secrets.token_hex(4)}@example.com"
    b2c.open()
    page.locator("#signup-link").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("button[type=submit][name=action][value=default]").click()
    b2c.expect_logged_in_as(email)
    b2c.open("/profile")
    expect(b2c.claim("email_verified")).to_contain_text("false")

    open_email(page, stack, email, "Confirm your email address for Travel0 (dev)")
    click_in_email(page, "Confirm my email address")
    expect(page).to_have_url(starts_with(f"{stack.tenant_url}/u/email-verification"))
    expect(page.get_by_role("heading", name="Email verified")).to_be_visible()

    b2c.open()
    b2c.log_out_of_app()
    b2c.open()
    b2c.click_log_in()  # the tenant session is still there: a new ID token, no password
    b2c.expect_logged_in_as(email)
    b2c.open("/profile")
    expect(b2c.claim("email_verified")).to_contain_text("true")


@pytest.fixture
def member(stack) -> str:
    """A user made through the Authentication API, as an app's back end would."""
    stack.target.needs_outbox()
    email = f"reset-{secrets.token_hex(4)}@example.com"
    client_id, _ = stack.target.credentials("Travel0 Web")
    answer = requests.post(f"{stack.tenant_url}/dbconnections/signup", timeout=10, json={
        "client_id": client_id, "email": email, "password": PASSWORD, "connection": DB})
    assert answer.status_code == 200, answer.text
    return email


@pytest.mark.scenario("b2c.phase1.profile.password-reset")
@pytest.mark.scenario("b2c.phase1.branding.change-password-page")
@pytest.mark.scenario("b2c.phase1.branding.email-templates")
def test_forgot_password_then_log_in_with_the_new_one(b2c, universal_login, stack, page, member):
    b2c.open()
    b2c.click_log_in()
    universal_login.continue_with_email(member)  # identifier first: the link is on the next step
    page.locator("#forgot-password-link").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.get_by_label("Email address").fill(member)
    page.locator("button[type=submit][name=action][value=default]").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    open_email(page, stack, member, "Reset your Travel0 (dev) password")
    click_in_email(page, "Choose a new password")
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Re-enter new password").fill("short")
    page.locator("button[type=submit][name=action][value=default]").click()
    expect(page.locator("#error-element-password-reset")).to_contain_text(
        "At least 10 characters in length")
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Re-enter new password").fill(NEW)
    page.locator("button[type=submit][name=action][value=default]").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()

    b2c.open()
    b2c.click_log_in()
    login = UniversalLogin(page, stack.tenant_url)
    login.log_in(member, PASSWORD)
    expect(login.error()).to_have_text("Wrong email or password")
    page.get_by_label("Password", exact=True).fill(NEW)
    page.locator("button[type=submit][name=action][value=default]").click()
    b2c.expect_logged_in_as(member)
    assert stack.target.outbox(to=member, template="password_reset")


@pytest.mark.scenario("b2c.phase1.operations.email-provider")
def test_the_outbox_page_says_where_the_mail_comes_from(stack, page, member):
    page.goto(stack.target.outbox_page(to=member))
    expect(page.locator(".outbox-source")).to_contain_text(re.compile(r"mail sink at http://"))
    expect(page.locator("#outbox-messages tr[data-message-id]")).to_have_count(1)
