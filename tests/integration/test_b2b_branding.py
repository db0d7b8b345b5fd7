"""Travel0 Partners' look in a real browser: each agency's own login address opens Universal
Login in the agency's logo and colours (inside Travel0's page template, which names the
agency), the app's own styled error page for a refused login, and an agent's password reset
from the Partners login to the branded change-password page.

Branding is proven by what the browser computed and loaded (button colour, page background,
the logo image's pixels), then a PNG goes to docs/screenshots/ for the README.
"""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.support.orgs import ANA, PARTNERS, add_agent
from tests.support.pages import Partners, starts_with
from tests.support.tenant import JANE, ROOT

pytestmark = pytest.mark.integration
BY_ORG = "b2b.phase1.branding.login-by-organization"
UL = "b2b.phase1.branding.universal-login"
SHOTS = ROOT / "docs" / "screenshots"
SUBMIT = "button[type=submit][name=action][value=default]"
LOGO = "#prompt-logo, #prompt-logo-center"
TRAVEL0 = {"primary": "rgb(10, 124, 107)", "page": "rgb(223, 241, 236)",
           "logo": "travel0-logo.svg"}
AGENCIES = {  # the organizations' branding in tenants/main/tenant.yaml
    "sunrise-travel": {"display_name": "Sunrise Travel Agency", "primary": "rgb(232, 89, 12)",
                       "page": "rgb(255, 244, 230)", "logo": "partners/sunrise-travel.svg"},
    "lagoon-tours": {"display_name": "Blue Lagoon Tours", "primary": "rgb(25, 113, 194)",
                     "page": "rgb(231, 245, 255)", "logo": "partners/lagoon-tours.svg"},
}


def screenshot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name)


def expect_loaded(image) -> None:
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "image did not load"


def expect_wearing(page: Page, look: dict, button: bool = True) -> None:
    """The page shows ``look``'s logo (loaded from its URL) and colours."""
    logo = page.locator(LOGO)
    expect(logo).to_have_attribute("src", re.compile(re.escape(look["logo"]) + "$"))
    expect_loaded(logo)
    expect(page.locator("body")).to_have_css("background-color", look["page"])
    if button:
        expect(page.locator(SUBMIT)).to_have_css("background-color", look["primary"])


@pytest.fixture
def partners(page, stack) -> Partners:
    page.set_viewport_size({"width": 960, "height": 760})
    return Partners(page, stack.app_urls["b2b"])


@pytest.mark.scenario(BY_ORG)
@pytest.mark.scenario(UL)
@pytest.mark.parametrize("agency", sorted(AGENCIES))
def test_an_agency_address_opens_the_login_in_the_agencys_branding(
        partners, universal_login, stack, page, agency):
    look = AGENCIES[agency]
    partners.open_agency_address(agency)
    universal_login.expect_shown()
    expect_wearing(page, look)
    expect(page.locator("#travel0-banner")).to_contain_text(PARTNERS)  # the tenant's template
    expect(page.locator("#travel0-organization")).to_have_text(look["display_name"])
    expect(page.locator("#travel0-organization")).to_have_attribute(
        "data-organization-id", re.compile(r"^org_"))
    if agency == "sunrise-travel":
        screenshot(page, "login-organization.png")


@pytest.mark.scenario(BY_ORG)
def test_the_agency_logo_stays_with_the_agent_inside_the_app(partners, universal_login,
                                                              stack, page):
    partners.open_agency_address("sunrise-travel")
    universal_login.log_in(ANA, stack.target.password(ANA))
    partners.expect_in_agency(AGENCIES["sunrise-travel"]["display_name"])
    expect(page.locator("#org-logo")).to_have_attribute(
        "src", re.compile(re.escape(AGENCIES["sunrise-travel"]["logo"]) + "$"))
    expect_loaded(page.locator("#org-logo"))


@pytest.mark.scenario(UL)
def test_without_an_agency_the_login_wears_travel0s_branding(partners, universal_login, page):
    partners.log_in_and_choose()  # the picker comes after the login: no agency known yet
    universal_login.expect_shown()
    expect_wearing(page, TRAVEL0)
    expect(page.locator("#travel0-organization")).to_have_count(0)


@pytest.mark.scenario("b2b.phase1.branding.error-page")
def test_a_refused_login_lands_on_partners_own_styled_error_page(partners, universal_login,
                                                                 stack, page):
    partners.open_agency_address("sunrise-travel")  # Jane is not an agent of Sunrise Travel
    universal_login.log_in(JANE, stack.target.password(JANE))
    expect(page).to_have_url(starts_with(f"{stack.app_urls['b2b']}/callback"))
    expect(page).to_have_title(re.compile(rf"· {PARTNERS}$"))
    expect(page.locator("#brand-link")).to_have_text(PARTNERS)
    expect(page.locator("#error-title")).to_have_text("Access denied")
    expect(page.locator("#error-title")).to_have_css("color", "rgb(164, 14, 38)")  # app CSS
    expect(page.locator("#error-code")).to_have_text("access_denied")
    expect(page.locator("#error-message")).to_contain_text("not part of the")
    expect(page.locator("#login-retry-link")).to_be_visible()
    screenshot(page, "partners-error.png")


@pytest.mark.scenario("b2b.phase1.branding.change-password-page")
def test_an_agent_resets_the_password_from_the_partners_login(partners, universal_login,
                                                              stack, page):
    stack.target.needs_outbox()  # the change-password link comes by email
    email = f"agent-{secrets.token_hex(4)}@sunrise-travel.example"
    add_agent(stack.tenant_url, stack.target.credentials("Travel0 Management"),
              "sunrise-travel", email, "Sunrise-Start-2026!")
    partners.open_agency_address("sunrise-travel")
    universal_login.continue_with_email(email)  # identifier first: the link is on the next step
    page.locator("#forgot-password-link").click()
    expect_wearing(page, AGENCIES["sunrise-travel"])  # still the agency's login
    page.get_by_label("Email address").fill(email)
    page.locator(SUBMIT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    stack.target.outbox(to=email, template="reset_email")  # delivered (polls with a deadline)
    page.goto(stack.target.outbox_page(to=email))
    page.get_by_role("link", name=re.compile("Reset your Travel0")).first.click()
    page.frame_locator("#message-body").get_by_role("link", name="Choose a new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    expect_wearing(page, TRAVEL0)  # the link is the tenant's, outside any login
    page.get_by_label("New password", exact=True).fill("Sunrise-Again-2027!")
    page.get_by_label("Re-enter new password").fill("Sunrise-Again-2027!")
    page.locator(SUBMIT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")

    partners.open_agency_address("sunrise-travel")
    universal_login.log_in(email, "Sunrise-Again-2027!")
    partners.expect_in_agency(AGENCIES["sunrise-travel"]["display_name"])
