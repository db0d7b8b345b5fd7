"""Travel0 Operator Console in a real browser on the shared stack: an operator logs in through
Universal Login, finds a user, blocks and unblocks them (the user's login to Travel0 follows),
and an admin provisions an agency whose first admin then logs in to Travel0 Partners.

The first admin either is created with an account (no password anyone knows) and chooses a
password from the reset email the console has the tenant send, or is invited
(``mode="invite"``) and signs up from the invitation email with the address fixed."""

from __future__ import annotations

import re
import secrets

import pytest
import requests
from playwright.sync_api import expect

from tests.support.pages import OperatorConsole, Partners, Travel0, UniversalLogin, starts_with

pytestmark = pytest.mark.integration
ADMIN_PORTAL = "b2b.phase1.profile.admin-portal"
NEW_ORG = "b2b.phase1.provisioning.new-organization"
SOL, ADA = "sol@ops.travel0.example", "ada@ops.travel0.example"
PASSWORD = "Operator-Demo-2026!x"


@pytest.fixture
def console(page, stack) -> OperatorConsole:
    return OperatorConsole(page, stack.app_urls["admin"])


def operator_logs_in(console, stack, page, email: str) -> None:
    console.log_in()
    UniversalLogin(page, stack.tenant_url).log_in(email, stack.target.password(email))
    expect(page.locator("#current-user-name")).to_be_visible()


@pytest.fixture
def customer(stack) -> str:
    """A Travel0 customer who signed up through the Authentication API."""
    email = f"helped-{secrets.token_hex(4)}@example.com"
    client_id, _ = stack.target.credentials("Travel0 Web")
    answer = requests.post(f"{stack.tenant_url}/dbconnections/signup", timeout=10, json={
        "client_id": client_id, "email": email, "password": PASSWORD,
        "connection": "Username-Password-Authentication"})
    assert answer.status_code == 200, answer.text
    return email


@pytest.mark.scenario(ADMIN_PORTAL)
@pytest.mark.scenario("b2b.phase1.profile.blocked-users")
@pytest.mark.scenario("b2b.phase1.qa.integration-testing")
def test_support_finds_a_user_blocks_and_unblocks_them(console, stack, page, browser, customer):
    operator_logs_in(console, stack, page, SOL)
    expect(console.roles()).to_have_text("Your operator roles: support.")
    console.search(customer.split("@")[0])
    console.open_user(customer)
    expect(page.locator("#delete-button")).to_have_count(0)  # support may not delete
    console.press("block-button")
    expect(console.status()).to_have_text("Blocked")

    shop = browser.new_context().new_page()
    travel0 = Travel0(shop, stack.app_urls["b2c"])
    travel0.open()
    travel0.click_log_in()
    UniversalLogin(shop, stack.tenant_url).log_in(customer, PASSWORD)
    expect(shop.locator("#error-message")).to_contain_text("user is blocked")

    console.press("unblock-button")
    expect(console.status()).to_have_text("Active")
    travel0.open()
    travel0.click_log_in()
    UniversalLogin(shop, stack.tenant_url).log_in(customer, PASSWORD)
    travel0.expect_logged_in_as(customer)
    shop.context.close()


@pytest.mark.scenario(NEW_ORG)
@pytest.mark.scenario(ADMIN_PORTAL)
def test_an_admin_provisions_an_agency_whose_first_admin_logs_in_to_partners(
        console, stack, page, browser):
    stack.target.needs_outbox()  # the first admin's password email is read from the outbox
    name = f"atoll-{secrets.token_hex(3)}"
    boss = f"boss@{name}.example"
    operator_logs_in(console, stack, page, ADA)
    console.provision(name, "Atoll Voyages", boss)
    expect(console.provisioning_status()).to_have_text("completed")
    expect(page.locator('#provisioning-steps li[data-state="done"]')).to_have_count(4)

    agent = browser.new_context().new_page()
    agent.goto(stack.target.outbox_page(to=boss))
    agent.get_by_role("link", name="Reset your Travel0 (dev) password").click()
    agent.frame_locator("#message-body").get_by_role("link", name="Choose a new password").click()
    agent.get_by_label("New password", exact=True).fill(PASSWORD)
    agent.get_by_label("Re-enter new password").fill(PASSWORD)
    agent.locator("button[type=submit][name=action][value=default]").click()
    expect(agent.get_by_role("heading", name="Password changed")).to_be_visible()

    partners = Partners(agent, stack.app_urls["b2b"])
    partners.open_agency_address(name)
    UniversalLogin(agent, stack.tenant_url).log_in(boss, PASSWORD)
    partners.expect_in_agency("Atoll Voyages")
    expect(partners.roles()).to_have_text("Your role here: org-admin.")
    expect(agent).to_have_url(starts_with(stack.app_urls["b2b"]))
    agent.context.close()


@pytest.mark.scenario(NEW_ORG)
@pytest.mark.scenario("b2b.phase1.provisioning.user-invite")
def test_an_agency_provisioned_with_an_invited_admin_is_joined_from_the_email(
        console, stack, page, browser):
    stack.target.needs_outbox()  # the invitation is read from the outbox
    name = f"lagoa-{secrets.token_hex(3)}"
    boss = f"boss@{name}.example"
    operator_logs_in(console, stack, page, ADA)
    console.provision(name, "Lagoa Viagens", boss, mode="invite")
    expect(console.provisioning_status()).to_have_text("completed")

    agent = browser.new_context().new_page()
    agent.goto(stack.target.outbox_page(to=boss))
    agent.get_by_role("link", name=re.compile("invited you to join Lagoa Viagens")).click()
    agent.frame_locator("#message-body").get_by_role("link", name="Accept the invitation").click()
    expect(agent.get_by_label("Email address")).to_have_value(boss)  # sign-up, address fixed
    agent.get_by_label("Password").fill(PASSWORD)
    agent.locator("button[type=submit][name=action][value=default]").click()

    partners = Partners(agent, stack.app_urls["b2b"])
    partners.expect_in_agency("Lagoa Viagens")
    expect(partners.roles()).to_have_text("Your role here: org-admin.")
    expect(agent.locator("#nav-members")).to_be_visible()  # the agency's own admin pages
    agent.context.close()
