"""Page objects for Playwright tests: the tenant's Universal Login and the Travel0 apps.

Each takes ``(page, base_url)`` and uses ids, roles and labels, never layout.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

SUBMIT = "button[type=submit][name=action][value=default]"


class UniversalLogin:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def expect_shown(self) -> None:
        expect(self.page).to_have_url(starts_with(f"{self.base_url}/u/login"))
        expect(self.page.get_by_role("heading", name="Welcome")).to_be_visible()

    def log_in(self, email: str, password: str) -> None:
        """Email and password on one page, or (identifier first) one after the other; on
        the password step already (a retry), the password only."""
        if not self.page.url.startswith(f"{self.base_url}/u/login/password"):
            self.expect_shown()
            self.enter_email(email)
            if self.page.locator("#password").count() == 0:
                self.page.locator(SUBMIT).click()
                expect(self.page).to_have_url(starts_with(f"{self.base_url}/u/login/password"))
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.locator(SUBMIT).click()

    def enter_email(self, email: str) -> None:
        self.page.get_by_label("Email address").fill(email)

    def continue_with_email(self, email: str) -> None:
        """The identifier step alone: type the email and continue (discovery decides where)."""
        self.expect_shown()
        self.enter_email(email)
        self.page.locator(SUBMIT).click()

    def error(self):
        return self.page.locator("#error-element-password")


class Travel0:
    """The consumer app (also deployed as Travel0 Rewards)."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self, path: str = "/") -> None:
        self.page.goto(self.base_url + path)

    def click_log_in(self) -> None:
        self.page.locator("#login-link").click()

    def expect_logged_in_as(self, name: str) -> None:
        expect(self.page.locator("#current-user-name")).to_have_text(name)

    def expect_logged_out(self) -> None:
        expect(self.page.locator("#current-user-name")).to_have_count(0)

    def claim(self, name: str):
        return self.page.locator(f'#claims-table tr[data-claim="{name}"]')

    def log_out_of_app(self) -> None:
        self._choose_logout("#logout-button")

    def log_out_of_tenant(self) -> None:
        self._choose_logout("#logout-tenant-button")

    def log_out_with_legacy_endpoint(self) -> None:
        self._choose_logout("#logout-legacy-button")

    def _choose_logout(self, button: str) -> None:
        """Header link to the logout page, then the chosen way out."""
        self.page.locator("#logout-link").click()
        expect(self.page.locator("#logout-title")).to_be_visible()
        self.page.locator(button).click()

    def place_order(self, item: str, quantity: int) -> None:
        self.page.get_by_label("Item").fill(item)
        self.page.get_by_label("Quantity").fill(str(quantity))
        self.page.locator("#place-order-button").click()

    def orders(self):
        return self.page.locator("#orders-list li.order")

    # -- profile: user_metadata and email verification ---------------------------------------

    def open_profile(self) -> None:
        self.open("/profile")
        expect(self.page.locator("#profile-title")).to_be_visible()

    def save_preferences(self, display_name: str | None = None, language: str | None = None,
                         marketing: bool | None = None) -> None:
        """Fill what is given (``language`` is the option's label) and save."""
        if display_name is not None:
            self.page.get_by_label("Display name").fill(display_name)
        if language is not None:
            self.page.get_by_label("Preferred language").select_option(label=language)
        if marketing is not None:
            self.page.get_by_label("Send me travel offers by email").set_checked(marketing)
        self.page.locator("#save-profile-button").click()

    def email_status(self):
        """``data-verified`` is "true" or "false", from the Management API's user."""
        return self.page.locator("#email-status")

    def resend_verification(self) -> None:
        self.page.locator("#resend-verification-button").click()

    def flash(self):
        return self.page.locator("#flash-messages")


def starts_with(url: str) -> re.Pattern:
    return re.compile("^" + re.escape(url))


class Partners:
    """Travel0 Partners, the B2B portal: agencies (organizations) and their bookings."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self, path: str = "/") -> None:
        self.page.goto(self.base_url + path)

    def open_agency_address(self, name: str) -> None:
        self.open(f"/o/{name}")

    def log_in_and_choose(self) -> None:
        self.open()
        self.page.locator("#login-link").click()

    def pick_organization(self, display_name: str) -> None:
        expect(self.page.get_by_role("heading", name="Choose an organization")).to_be_visible()
        self.page.get_by_role("button", name=display_name).click()

    def expect_in_agency(self, display_name: str) -> None:
        expect(self.page.locator("#org-display-name")).to_have_text(display_name)
        expect(self.page.locator("#bookings-title")).to_have_text(f"Bookings of {display_name}")

    def roles(self):
        return self.page.locator("#org-roles")

    def book(self, destination: str, travellers: int) -> None:
        self.page.get_by_label("Destination").fill(destination)
        self.page.get_by_label("Travellers").fill(str(travellers))
        self.page.locator("#create-booking-button").click()

    def bookings(self):
        return self.page.locator("#bookings-list li.booking .booking-destination")

    def switch_to(self, display_name: str) -> None:
        self.page.locator("#nav-organizations").click()
        self.page.locator("li.organization", has_text=display_name).locator(".switch-link").click()

    # -- agency settings (organization metadata) and the agent's own details -----------------

    def open_settings(self) -> None:
        self.page.locator("#nav-settings").click()
        expect(self.page.locator("#settings-title")).to_be_visible()

    def save_settings(self, **values: str) -> None:
        """Fill the given fields by id (``preferred_airline="..."``; a currency by its code)."""
        for key, value in values.items():
            field = self.page.locator(f"#settings-form #{key}")
            if key == "default_currency":
                field.select_option(value)
            else:
                field.fill(value)
        self.page.locator("#save-settings-button").click()

    def org_metadata(self, key: str):
        return self.page.locator(f'#org-metadata-table tr[data-key="{key}"] td')

    def tier(self):
        """The tier in the organization's metadata now (Management API)."""
        return self.page.locator("#org-tier")

    def token_tier(self):
        """The tier claim of the ID token, as of the last login."""
        return self.page.locator("#token-org-tier")

    def open_details(self) -> None:
        self.page.locator("#nav-account").click()
        expect(self.page.locator("#account-title")).to_be_visible()

    def flash(self):
        return self.page.locator("#flash-messages")

    # -- the agency admin's pages: Agents and "Invite an agent" ----------------------------

    def open_agents(self) -> None:
        self.page.locator("#nav-members").click()
        expect(self.page.locator("#members-title")).to_be_visible()

    def agent_row(self, email: str):
        return self.page.locator(f'#members-table tr.member[data-email="{email}"]')

    def set_agent_role(self, email: str, role: str) -> None:
        row = self.agent_row(email)
        row.get_by_label(f"Role of {email}").select_option(role)
        row.locator(".change-role-button").click()

    def remove_agent(self, email: str) -> None:
        self.agent_row(email).locator(".remove-member-button").click()

    def invite(self, email: str, role: str) -> None:
        self.page.locator("#nav-invitations").click()
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Role in the agency").select_option(role)
        self.page.locator("#invite-submit").click()

    def pending_invitation(self, email: str):
        return self.page.locator(f'#pending-invitations tr[data-email="{email}"]')

    def error(self):
        """The app's error page: its title and message."""
        return self.page.locator("#error-title"), self.page.locator("#error-message")

class OperatorConsole:
    """Travel0 Operator Console (apps/admin): users, organizations, the audit log."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self, path: str = "/") -> None:
        self.page.goto(self.base_url + path)

    def log_in(self) -> None:
        self.open()
        self.page.locator("#login-link").click()

    def roles(self):
        return self.page.locator("#operator-roles")

    def search(self, text: str) -> None:
        self.page.locator("#nav-users").click()
        self.page.get_by_label("Search users").fill(text)
        self.page.locator("#search-button").click()

    def open_user(self, email: str) -> None:
        self.page.locator("#user-results").get_by_role("link", name=email).click()
        expect(self.page.locator("#user-id")).to_be_visible()

    def status(self):
        return self.page.locator("#user-status")

    def press(self, button_id: str) -> None:
        self.page.locator(f"#{button_id}").click()

    def flash(self):
        return self.page.locator("#flash-messages")

    def provision(self, name: str, display_name: str, admin_email: str,
                  mode: str = "create") -> None:
        self.page.locator("#nav-organizations").click()
        self.page.locator("#provision-link").click()
        self.page.get_by_label("Organization name").fill(name)
        self.page.get_by_label("Display name").fill(display_name)
        self.page.get_by_label("Primary colour").fill("#5f3dc4")
        self.page.get_by_label("Partner tier").select_option("gold")
        self.page.get_by_label("First admin's email").fill(admin_email)
        self.page.locator(f"#admin_mode-{mode}").check()
        self.page.locator("#provision-button").click()

    def provisioning_status(self):
        return self.page.locator("#provisioning-status")
