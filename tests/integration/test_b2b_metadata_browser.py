"""Metadata in Travel0 Partners, in a real browser against the tenant: an agency admin edits
the organization's metadata and a member sees it without a way to change it, Travel0 changes
an agency's tier through the Management API and the next login's ID token carries it, and an
agent keeps their own details in ``user_metadata``."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from tests.support.attack import TenantAdmin
from tests.support.orgs import ANA, BEN, SUNRISE
from tests.support.pages import Partners, UniversalLogin

pytestmark = [pytest.mark.integration, pytest.mark.scenario("b2b.phase1.profile.metadata")]


@pytest.fixture
def partners(page, stack) -> Partners:
    return Partners(page, stack.app_urls["b2b"])


@pytest.fixture
def tenant_admin(stack):
    admin = TenantAdmin(stack)
    yield admin
    admin.close()


def log_in_at_sunrise(partners: Partners, page, stack, email: str) -> None:
    partners.open_agency_address(SUNRISE)
    UniversalLogin(page, stack.tenant_url).log_in(email, stack.target.password(email))
    expect(partners.page.locator("#org-display-name")).to_have_text("Sunrise Travel Agency")


def test_an_admin_edits_the_agency_settings_and_a_member_only_sees_them(partners, page, stack,
                                                                        browser):
    airline = f"Sunrise Air {secrets.token_hex(3)}"
    log_in_at_sunrise(partners, page, stack, ANA)
    partners.open_settings()
    partners.save_settings(preferred_airline=airline, invoice_email="billing@sunrise.example",
                           default_currency="EUR")

    expect(partners.flash()).to_contain_text("Agency settings saved.")
    expect(partners.org_metadata("preferred_airline")).to_have_text(airline)
    expect(partners.org_metadata("invoice_email")).to_have_text("billing@sunrise.example")
    expect(partners.org_metadata("tier")).to_have_text("gold")  # Travel0's key survived
    expect(partners.org_metadata("region")).to_have_text("emea")

    member_page = browser.new_context().new_page()
    member = Partners(member_page, stack.app_urls["b2b"])
    log_in_at_sunrise(member, member_page, stack, BEN)
    member.open_settings()
    expect(member.org_metadata("preferred_airline")).to_have_text(airline)
    expect(member_page.locator("#settings-form")).to_have_count(0)
    expect(member_page.locator("#settings-read-only")).to_be_visible()
    member_page.context.close()


def test_a_tier_set_by_travel0_shows_at_once_and_in_the_next_logins_token(
        partners, page, stack, tenant_admin):
    org = tenant_admin.organization_by_name(SUNRISE)
    log_in_at_sunrise(partners, page, stack, ANA)
    partners.open_settings()
    expect(partners.token_tier()).to_have_text("gold")
    try:
        tenant_admin.update_organization(org["id"], metadata={**org["metadata"],
                                                             "tier": "platinum"})
        page.reload()
        expect(partners.tier()).to_have_text("platinum")  # the tenant's metadata, read now
        expect(partners.token_tier()).to_have_text("gold")  # the ID token of this login
        expect(page.locator("#tier-stale")).to_be_visible()

        page.locator("#logout-link").click()
        page.locator("#logout-tenant-button").click()
        log_in_at_sunrise(partners, page, stack, ANA)
        partners.open_settings()
        expect(partners.token_tier()).to_have_text("platinum")  # …/org_tier of the new token
        expect(page.locator("#tier-stale")).to_have_count(0)
    finally:
        now = tenant_admin.organization_by_name(SUNRISE)["metadata"]
        tenant_admin.update_organization(org["id"], metadata={**now, "tier": org["metadata"]["tier"]})


def test_an_agent_keeps_their_own_details_in_user_metadata(partners, page, stack):
    phone = f"+41 44 555 {secrets.randbelow(90) + 10} 00"
    log_in_at_sunrise(partners, page, stack, BEN)
    partners.open_details()
    page.get_by_label("Display name").fill("Ben at Sunrise")
    page.get_by_label("Phone").fill(phone)
    page.get_by_label("Preferred language").select_option(label="Español")
    page.locator("#save-details-button").click()

    expect(partners.flash()).to_contain_text("Your details were saved.")
    page.reload()
    expect(page.get_by_label("Display name")).to_have_value("Ben at Sunrise")
    expect(page.get_by_label("Phone")).to_have_value(phone)
    expect(page.get_by_label("Preferred language")).to_have_value("es")
    expect(page.locator("input[name=app_metadata]")).to_have_count(0)
