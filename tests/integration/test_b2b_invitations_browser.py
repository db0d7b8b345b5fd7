"""Organization invitations in a real browser: an agency admin invites from Travel0 Partners,
the invitee opens the email in the tenant's outbox, signs up with the address fixed and lands
in the agency with the invited role; an existing account accepts by logging in; a used or
expired link ends on the app's error page with the reason."""

from __future__ import annotations

import re
import secrets
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, expect

from mock_idp.invitations import EXPIRED, USED
from tests.support.invitations import RemoteManagement
from tests.support.orgs import ANA
from tests.support.pages import Partners, UniversalLogin

pytestmark = [pytest.mark.integration,
              pytest.mark.scenario("b2b.phase1.provisioning.user-invite")]
SUNRISE = "Sunrise Travel Agency"
PASSWORD = "Sunrise-Agent-2026!"


@pytest.fixture
def partners(page, stack) -> Partners:
    return Partners(page, stack.app_urls["b2b"])


@pytest.fixture
def management(stack) -> RemoteManagement:
    return RemoteManagement(stack.tenant_url, stack.target.credentials("Travel0 Management"))


def partners_client_id(stack) -> str:
    return stack.target.credentials("Travel0 Partners")[0]


def new_page(browser, stack) -> tuple[Page, Partners]:
    """Another person's browser (a fresh context: no cookies shared)."""
    page = browser.new_context().new_page()
    return page, Partners(page, stack.app_urls["b2b"])


@contextmanager
def clock_moved(stack, seconds: int):
    """The tenant's clock ``seconds`` ahead for the block, then back (the stack is shared)."""
    stack.target.advance_clock(seconds)
    try:
        yield
    finally:
        stack.target.advance_clock(-seconds)


def test_an_admin_invites_and_the_invitee_signs_up_into_the_agency(
        partners, universal_login, stack, page, browser):
    stack.target.needs_outbox()
    email = f"agent-{secrets.token_hex(4)}@sunrise-travel.example"
    partners.open_agency_address("sunrise-travel")
    universal_login.log_in(ANA, stack.target.password(ANA))
    partners.invite(email, "org-member")
    expect(partners.flash()).to_contain_text(f"Invitation sent to {email}.")
    expect(partners.pending_invitation(email)).to_contain_text("org-member")

    invitee, invitee_app = new_page(browser, stack)
    invitee.goto(stack.target.outbox_page(to=email))
    invitee.get_by_role("link", name=re.compile(f"invited you to join {SUNRISE}")).click()
    invitee.frame_locator("#message-body").get_by_role("link",
                                                       name="Accept the invitation").click()
    expect(invitee.locator("#invitation-notice")).to_contain_text(SUNRISE)
    expect(invitee.get_by_label("Email address")).to_have_value(email)
    expect(invitee.get_by_label("Email address")).not_to_be_editable()
    invitee.get_by_label("Password").fill(PASSWORD)
    invitee.locator("button[type=submit][name=action][value=default]").click()

    invitee_app.expect_in_agency(SUNRISE)
    expect(invitee_app.roles()).to_have_text("Your role here: org-member.")
    expect(invitee.locator("#nav-invitations")).to_have_count(0)
    expect(invitee.locator("#create-booking-button")).to_be_visible()
    invitee.context.close()

    page.reload()
    expect(partners.pending_invitation(email)).to_have_count(0)  # accepted: no longer pending


def test_an_existing_account_accepts_by_logging_in_and_a_second_use_fails(
        stack, management, browser):
    email = f"guest-{secrets.token_hex(4)}@example.com"
    management.create_user(email, PASSWORD)
    made = management.invite("sunrise-travel", email, partners_client_id(stack),
                             roles=["org-admin"], send_invitation_email=False)

    page, app = new_page(browser, stack)
    page.goto(made["invitation_url"])
    expect(page.locator("#invitation-notice")).to_contain_text(SUNRISE)
    expect(page.get_by_label("Email address")).to_have_value(email)
    UniversalLogin(page, stack.tenant_url).log_in(email, PASSWORD)
    app.expect_in_agency(SUNRISE)
    expect(app.roles()).to_have_text("Your role here: org-admin.")
    expect(page.locator("#nav-invitations")).to_be_visible()
    page.context.close()

    again, again_app = new_page(browser, stack)  # the link forwarded to someone else
    again.goto(made["invitation_url"])
    title, message = again_app.error()
    expect(title).to_have_text("Access denied")
    expect(message).to_have_text(USED)
    again.context.close()


def test_an_expired_link_ends_on_the_error_page(stack, management, browser):
    email = f"late-{secrets.token_hex(4)}@example.com"
    made = management.invite("sunrise-travel", email, partners_client_id(stack),
                             ttl_sec=3600, send_invitation_email=False)
    page, app = new_page(browser, stack)
    with clock_moved(stack, 3601):
        page.goto(made["invitation_url"])
        title, message = app.error()
        expect(title).to_have_text("Access denied")
        expect(message).to_have_text(EXPIRED)
    expect(page.locator("#login-retry-link")).to_be_visible()
    page.context.close()
