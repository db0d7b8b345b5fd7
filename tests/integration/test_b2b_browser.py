"""Travel0 Partners in a real browser against the mock tenant: agents reach their agency
through its own address or the tenant's organization picker, the pages and the API are
scoped to the agency of the token, org roles decide who may cancel, a shared account
switches agencies without a password, and a non-member gets no way in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.orgs import ANA, BEN, DANA, LEO
from tests.support.pages import Partners, UniversalLogin, starts_with
from tests.support.tenant import JANE

pytestmark = pytest.mark.integration
SUNRISE, LAGOON = "Sunrise Travel Agency", "Blue Lagoon Tours"


@pytest.fixture
def partners(page, stack) -> Partners:
    return Partners(page, stack.app_urls["b2b"])


def log_in_at(partners, universal_login, stack, agency: str, email: str) -> None:
    partners.open_agency_address(agency)
    universal_login.log_in(email, stack.target.password(email))


@pytest.mark.scenario("b2b.phase1.authentication.universal-login")
@pytest.mark.scenario("b2b.phase1.authentication.username-password")
@pytest.mark.scenario("b2b.phase1.authentication.application-integration")
@pytest.mark.scenario("b2b.phase1.authorization.id-token-claims")
@pytest.mark.scenario("b2b.phase1.qa.integration-testing")
def test_an_agency_address_logs_the_agent_in_to_that_agency(
        partners, universal_login, stack, page):
    log_in_at(partners, universal_login, stack, "sunrise-travel", ANA)
    partners.expect_in_agency(SUNRISE)
    expect(partners.roles()).to_have_text("Your role here: org-admin.")  # the ID token's claim
    expect(page.locator("#current-user-name")).to_be_visible()


@pytest.mark.scenario("b2b.phase1.authentication.application-integration")
@pytest.mark.scenario("b2b.phase2.authorization.roles-permissions")
@pytest.mark.scenario("b2b.phase2.authorization.api-integration")
def test_agents_book_and_only_the_agency_admin_may_cancel(partners, universal_login, stack,
                                                          page, browser):
    log_in_at(partners, universal_login, stack, "sunrise-travel", BEN)
    partners.book("Lisbon for the Andersons", 4)
    expect(partners.bookings()).to_contain_text(["Lisbon for the Andersons"])
    expect(page.locator(".cancel-booking-button")).to_have_count(0)  # an org-member

    admin_page = browser.new_context().new_page()
    admin = Partners(admin_page, stack.app_urls["b2b"])
    log_in_at(admin, UniversalLogin(admin_page, stack.tenant_url), stack, "sunrise-travel", ANA)
    row = admin_page.locator("li.booking", has_text="Lisbon for the Andersons")
    row.locator(".cancel-booking-button").click()
    expect(admin_page.locator("li.booking", has_text="Lisbon for the Andersons")).to_have_count(0)
    admin_page.context.close()


@pytest.mark.scenario("b2b.phase1.authentication.universal-login")
@pytest.mark.scenario("b2b.phase1.provisioning.organization-users")
def test_a_shared_account_picks_an_agency_then_switches_without_a_password(
        partners, universal_login, stack, page):
    partners.log_in_and_choose()
    universal_login.log_in(DANA, stack.target.password(DANA))
    partners.pick_organization(LAGOON)
    partners.expect_in_agency(LAGOON)
    expect(partners.roles()).to_have_text("Your role here: org-admin.")
    partners.book("Reykjavik for the Nakamuras", 2)

    requested = []
    page.on("request", lambda request: requested.append(request.url))
    partners.switch_to(SUNRISE)
    partners.expect_in_agency(SUNRISE)
    assert not [url for url in requested if "/u/login" in url], "no password asked"
    expect(partners.roles()).to_have_text("Your role here: org-member.")  # roles per agency
    expect(page.locator("main")).not_to_contain_text("Reykjavik")


@pytest.mark.scenario("b2b.phase1.authentication.application-integration")
@pytest.mark.scenario("b2b.phase1.provisioning.organization-users")
def test_another_agencys_page_is_refused_even_for_the_same_person(
        partners, universal_login, stack, page):
    log_in_at(partners, universal_login, stack, "lagoon-tours", LEO)
    partners.expect_in_agency(LAGOON)
    lagoon_url = page.url
    partners.open(lagoon_url.replace(stack.app_urls["b2b"], "").replace(
        lagoon_url.split("/")[4], "org_" + "x" * 16))
    expect(page.locator("#error-page")).to_have_attribute("data-error", "organization_mismatch")


@pytest.mark.scenario("b2b.phase1.authentication.universal-login")
def test_a_non_member_gets_the_tenants_refusal_not_a_session(partners, universal_login, stack,
                                                            page):
    # Jane has a Travel0 account in the database Sunrise Travel uses, but is not its member.
    log_in_at(partners, universal_login, stack, "sunrise-travel", JANE)
    expect(page).to_have_url(starts_with(f"{stack.app_urls['b2b']}/callback"))
    expect(page.locator("#error-page")).to_be_visible()
    expect(page.locator("#error-message")).to_contain_text("not part of the")
    partners.open()
    expect(page.locator("#org-login-form")).to_be_visible()  # still logged out


@pytest.mark.scenario("b2b.phase1.logout.logout")
def test_partners_offers_the_three_logouts_and_tenant_logout_ends_sso(
        partners, universal_login, stack, page):
    log_in_at(partners, universal_login, stack, "sunrise-travel", ANA)
    page.locator("#logout-link").click()
    for button in ("#logout-button", "#logout-tenant-button", "#logout-legacy-button"):
        expect(page.locator(button)).to_be_visible()
    page.locator("#logout-button").click()  # app only: the tenant session stays
    partners.open_agency_address("sunrise-travel")
    partners.expect_in_agency(SUNRISE)
    page.locator("#logout-link").click()
    page.locator("#logout-tenant-button").click()
    expect(page).to_have_url(starts_with(f"{stack.app_urls['b2b']}/logged-out"))
    partners.open_agency_address("sunrise-travel")
    UniversalLogin(page, stack.tenant_url).expect_shown()  # the password is asked again
