"""The agency's own admin manages its people in Travel0 Partners (the customer-side admin
portal): Ana, Sunrise Travel's org-admin, sees a new agent on the Agents page, makes them an
admin, and removes them when they leave — and the tenant enforces each change at that
agent's next login."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from tests.support.orgs import ANA, add_agent, member_roles
from tests.support.pages import Partners, UniversalLogin

pytestmark = [pytest.mark.integration,
              pytest.mark.scenario("b2b.phase2.profile.organization-admin-portal")]
SUNRISE = "sunrise-travel"
PASSWORD = "Sunrise-Start-2026!"


def test_an_agency_admin_promotes_then_removes_an_agent(stack, page, browser):
    manager = stack.target.credentials("Travel0 Management")
    email = f"agent-{secrets.token_hex(4)}@sunrise-travel.example"
    user_id = add_agent(stack.tenant_url, manager, SUNRISE, email, PASSWORD)

    partners = Partners(page, stack.app_urls["b2b"])
    partners.open_agency_address(SUNRISE)
    UniversalLogin(page, stack.tenant_url).log_in(ANA, stack.target.password(ANA))
    partners.open_agents()
    expect(partners.agent_row(email).locator(".member-roles")).to_have_text("org-member")
    expect(partners.agent_row(ANA)).to_contain_text("you")

    partners.set_agent_role(email, "org-admin")
    expect(partners.flash()).to_contain_text("Role changed to org-admin")
    expect(partners.agent_row(email).locator(".member-roles")).to_have_text("org-admin")
    assert member_roles(stack.tenant_url, manager, SUNRISE, user_id) == ["org-admin"]

    agent_page = browser.new_context().new_page()  # the agent's next login carries the role
    agent = Partners(agent_page, stack.app_urls["b2b"])
    agent.open_agency_address(SUNRISE)
    UniversalLogin(agent_page, stack.tenant_url).log_in(email, PASSWORD)
    expect(agent.roles()).to_have_text("Your role here: org-admin.")
    agent_page.context.close()

    partners.remove_agent(email)
    expect(partners.flash()).to_contain_text("Removed from the agency")
    expect(partners.agent_row(email)).to_have_count(0)
    assert member_roles(stack.tenant_url, manager, SUNRISE, user_id) is None

    gone_page = browser.new_context().new_page()  # and the tenant refuses them now
    Partners(gone_page, stack.app_urls["b2b"]).open_agency_address(SUNRISE)
    UniversalLogin(gone_page, stack.tenant_url).log_in(email, PASSWORD)
    expect(gone_page.locator("#error-message")).to_contain_text("not part of the")
    gone_page.context.close()
