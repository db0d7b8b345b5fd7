"""The B2C profile in a real browser: user_metadata through the app's back end and the
Management API, and the email-verification notice with its resend button."""

from __future__ import annotations

import secrets
import time

import pytest
from playwright.sync_api import expect

from tests.support.tenant import JANE

pytestmark = pytest.mark.integration

SIGNUP_PASSWORD = "Travel-Far-2026!"


def sign_up(b2c, page) -> str:
    """Create a fresh account from the app's "Sign up" link; returns its email."""
    email = f"traveller-{secrets.token_hex(4)}@example.com"
    b2c.open()
    page.locator("#signup-link").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(SIGNUP_PASSWORD)
    page.locator("button[type=submit][name=action][value=default]").click()
    b2c.expect_logged_in_as(email)
    return email


def verification_emails(target, email: str, deadline: float = 10.0) -> list[dict] | None:
    """The tenant's verify_email messages to ``email`` through the target's outbox reader, once
    one arrived (the job runs in the background); None when the target cannot read mail."""
    reader = getattr(target, "outbox", None)
    if reader is None:
        return None
    end = time.monotonic() + deadline
    while True:  # each read is a round trip: the loop paces itself, no sleeping
        found = [m for m in reader(to=email) if m.get("template") == "verify_email"]
        if found or time.monotonic() > end:
            return found


@pytest.mark.scenario("b2c.phase1.profile.metadata")
def test_profile_edit_shows_in_the_id_token_after_the_next_login(b2c, page):
    email = sign_up(b2c, page)
    b2c.open_profile()

    b2c.save_preferences(display_name="Globetrotter", language="Deutsch", marketing=True)

    expect(b2c.flash()).to_contain_text("Your profile was saved")
    expect(page.get_by_label("Display name")).to_have_value("Globetrotter")
    expect(page.get_by_label("Preferred language")).to_have_value("de")
    expect(page.get_by_label("Send me travel offers by email")).to_be_checked()
    changed = page.locator("#tenant-updated-at").inner_text()
    # Sign-up and this edit may fall in the same second (the mock keeps whole seconds).
    if changed != page.locator("#id-token-updated-at").inner_text():
        expect(page.locator("#id-token-stale")).to_be_visible()

    b2c.log_out_of_app()
    b2c.open()
    b2c.click_log_in()  # the tenant's session is still open: no password asked
    b2c.expect_logged_in_as(email)
    b2c.open_profile()

    expect(b2c.claim("updated_at")).to_contain_text(changed)
    expect(page.locator("#id-token-stale")).to_have_count(0)
    expect(page.get_by_label("Display name")).to_have_value("Globetrotter")
    # The shipped post-login Action does not copy user_metadata into the ID token.
    expect(b2c.claim("user_metadata")).to_have_count(0)


@pytest.mark.scenario("b2c.phase1.profile.metadata")
def test_preferences_follow_the_user_to_the_other_app(b2c, rewards, page):
    sign_up(b2c, page)
    b2c.open_profile()
    b2c.save_preferences(display_name="Seen everywhere", language="Italiano", marketing=False)
    expect(b2c.flash()).to_contain_text("Your profile was saved")

    rewards.open()
    rewards.click_log_in()  # single sign-on
    rewards.open_profile()

    expect(page.get_by_label("Display name")).to_have_value("Seen everywhere")
    expect(page.get_by_label("Preferred language")).to_have_value("it")
    expect(page.get_by_label("Send me travel offers by email")).not_to_be_checked()


@pytest.mark.scenario("b2c.phase1.profile.account-verification")
def test_new_user_sees_the_unverified_notice_and_resends(b2c, stack, page):
    email = sign_up(b2c, page)
    b2c.open_profile()
    expect(b2c.email_status()).to_have_attribute("data-verified", "false")
    expect(page.locator("#email-unverified-notice")).to_be_visible()

    b2c.resend_verification()

    expect(b2c.flash()).to_contain_text(f"We sent a new verification link to {email}.")
    expect(page.locator("#resend-wait")).to_be_visible()
    b2c.resend_verification()
    expect(b2c.flash()).to_contain_text("A verification email was sent moments ago")
    messages = verification_emails(stack.target, email)
    if messages is not None:
        assert messages, f"no verify_email message to {email} in the outbox"


@pytest.mark.scenario("b2c.phase1.profile.account-verification")
def test_verified_user_places_an_order(b2c, universal_login, stack, page):
    b2c.open()
    b2c.click_log_in()
    universal_login.log_in(JANE, stack.target.password(JANE))
    b2c.expect_logged_in_as("Jane Traveller")
    b2c.open_profile()
    expect(b2c.email_status()).to_have_attribute("data-verified", "true")
    expect(page.locator("#resend-verification-button")).to_have_count(0)

    b2c.open("/orders")
    expect(page.locator("#orders-verify-notice")).to_have_count(0)
    item = f"Verified trip {secrets.token_hex(3)}"
    b2c.place_order(item, 1)
    expect(b2c.orders().filter(has_text=item)).to_have_count(1)
