"""A partner agency moves from Travel0 Classic's agent desk to Travel0 Partners: its agent logs
in at the agency's address with his old password, the tenant's Coral-Cruises-Classic
connection asks the legacy API (for that agency's agents only), keeps him with a bcrypt hash
and makes him a member (``assign_membership_on_login``) without a role; the portal says so;
once given a role he works there without the legacy app."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.legacy import CORAL, CORAL_CONNECTION, MARCO, members
from tests.support.legacy_pages import tenant_users
from tests.support.orgs import grant_org_role, member_roles
from tests.support.pages import Partners

pytestmark = [pytest.mark.integration,
              pytest.mark.scenario("b2b.phase1.provisioning.user-migration")]
MANAGER = "Travel0 Management"


@pytest.fixture
def partners(page, stack) -> Partners:
    return Partners(page, stack.app_urls["b2b"])


def test_an_agent_migrates_into_the_agencys_connection_at_the_agency_login(
        stack, page, partners, universal_login, monkeypatch):
    if stack.target.name != "mock":
        pytest.skip("the legacy app runs on this machine; a real tenant cannot reach it")
    manager = stack.target.credentials(MANAGER)
    assert tenant_users(stack.tenant_url, *manager, MARCO) == [], "not in the tenant yet"

    partners.open_agency_address(CORAL)
    expect(page.locator("#prompt-logo, #prompt-logo-center")).to_have_attribute(
        "src", f"{stack.app_urls['b2b']}/common-static/partners/coral-cruises.svg")
    universal_login.log_in(MARCO, members()[MARCO])
    expect(page.locator("#current-user-name")).to_have_text("Marco Bianchi")
    expect(page.locator("#error-title")).to_have_text("No role in this agency yet")

    [user] = tenant_users(stack.tenant_url, *manager, MARCO)
    assert user["user_id"] == "auth0|classic-2001"
    assert user["identities"][0]["connection"] == CORAL_CONNECTION
    assert user["app_metadata"]["classic_agency"] == CORAL
    assert member_roles(stack.tenant_url, manager, CORAL, user["user_id"]) == [], \
        "a member by logging in, with no organization role"

    grant_org_role(stack.tenant_url, manager, CORAL, user["user_id"], "org-member")
    monkeypatch.setitem(stack.legacy_app.config, "API_SECRET", None)  # legacy API: nobody
    page.context.clear_cookies()
    partners.open_agency_address(CORAL)
    universal_login.log_in(MARCO, members()[MARCO])
    partners.expect_in_agency("Coral Cruises")
    expect(partners.roles()).to_have_text("Your role here: org-member.")
