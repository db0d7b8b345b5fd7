"""Acme Corp's employees in a real browser: Travel0 Partners sends them to Acme's own login page
(the `acme` tenant, in Acme's colours), they come back as just-in-time users of Travel0's
tenant (``oidc|acme|…``, members of acme-corp) and book at once; identifier-first sends an
@acme.test email straight to Acme, while a Sunrise agent's email gets the password step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.acme import ALICE, CAROL, acme_password, management
from tests.support.orgs import ANA
from tests.support.pages import Partners, UniversalLogin, starts_with

pytestmark = pytest.mark.integration
ACME = "Acme Corp"
ENTERPRISE = "b2b.phase2.authentication.enterprise-login"
SIGNUP = "b2b.phase2.provisioning.enterprise-sign-up"
HRD1 = "b2b.phase1.authentication.home-realm-discovery"
HRD2 = "b2b.phase2.authentication.home-realm-discovery"


@pytest.fixture
def partners(page, stack) -> Partners:
    if not stack.acme_url:
        pytest.skip("Acme's IdP runs with the mock target only; a real tenant's acme "
                    "connection points at the IdP of tenants/env/<env>.json")
    return Partners(page, stack.app_urls["b2b"])


def at_acme(page, stack, email: str) -> None:
    """Acme's own login page, in Acme's words, then Acme's password."""
    acme = UniversalLogin(page, stack.acme_url)
    expect(page).to_have_url(starts_with(stack.acme_url + "/u/login"))
    expect(page.get_by_role("heading", name="Acme Corp sign-in")).to_be_visible()
    acme.page.get_by_label("Email address").fill(email)
    acme.page.get_by_label("Password", exact=True).fill(acme_password(email))
    acme.page.locator("button[type=submit][name=action][value=default]").click()


def users_named(stack, email: str) -> list[dict]:
    api = management(stack.tenant_url, stack.target.credentials("Travel0 Management"))
    found = api.get(stack.tenant_url + "/api/v2/users", timeout=10,
                    params={"q": f'email:"{email}"', "search_engine": "v3"})
    assert found.status_code == 200, found.text
    return found.json()


@pytest.mark.scenario(ENTERPRISE)
@pytest.mark.scenario(SIGNUP)
def test_an_acme_employee_signs_in_with_acme_and_is_created_just_in_time(
        partners, stack, page, browser):
    partners.open_agency_address("acme-corp")
    expect(page).to_have_url(starts_with(stack.tenant_url + "/u/login"))
    page.get_by_role("button", name="Continue with Acme Corp").click()
    at_acme(page, stack, ALICE)
    partners.expect_in_agency(ACME)
    expect(partners.roles()).to_have_text("Your role here: org-member.")  # granted on arrival
    partners.book("Chicago for the Acme sales team", 6)
    expect(partners.bookings()).to_contain_text(["Chicago for the Acme sales team"])

    [user] = users_named(stack, ALICE)
    assert user["user_id"].startswith("oidc|acme|") and user["logins_count"] == 1
    assert user["identities"][0]["provider"] == "oidc"
    assert user["identities"][0]["connection"] == "acme"
    api = management(stack.tenant_url, stack.target.credentials("Travel0 Management"))
    orgs = api.get(f"{stack.tenant_url}/api/v2/users/{user['user_id']}/organizations",
                   timeout=10).json()
    assert [org["name"] for org in orgs] == ["acme-corp"]

    again = browser.new_context().new_page()  # another day, another browser: Acme asks again
    second = Partners(again, stack.app_urls["b2b"])
    second.open_agency_address("acme-corp")
    again.get_by_role("button", name="Continue with Acme Corp").click()
    at_acme(again, stack, ALICE)
    second.expect_in_agency(ACME)
    expect(second.bookings()).to_contain_text(["Chicago for the Acme sales team"])
    [same] = users_named(stack, ALICE)
    assert same["user_id"] == user["user_id"] and same["logins_count"] == 2
    again.context.close()


@pytest.mark.scenario(HRD1)
@pytest.mark.scenario(HRD2)
@pytest.mark.scenario(ENTERPRISE)
def test_an_acme_email_goes_straight_to_acme(partners, stack, page):
    partners.open_agency_address("acme-corp")
    UniversalLogin(page, stack.tenant_url).continue_with_email(CAROL)
    expect(page).to_have_url(starts_with(stack.acme_url + "/u/login"))
    expect(page.get_by_label("Email address")).to_have_value(CAROL)  # login_hint, passed on
    at_acme(page, stack, CAROL)
    partners.expect_in_agency(ACME)


@pytest.mark.scenario(HRD1)
@pytest.mark.scenario(HRD2)
def test_an_agency_email_gets_the_password_step(partners, stack, page):
    partners.open_agency_address("sunrise-travel")
    login = UniversalLogin(page, stack.tenant_url)
    login.continue_with_email(ANA)
    expect(page).to_have_url(starts_with(stack.tenant_url + "/u/login/password"))
    expect(page.locator("#identifier-email")).to_have_text(ANA)
    page.get_by_label("Password", exact=True).fill(stack.target.password(ANA))
    page.locator("button[type=submit][name=action][value=default]").click()
    partners.expect_in_agency("Sunrise Travel Agency")
