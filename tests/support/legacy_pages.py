"""Page object of Travel0 Classic (the legacy app) for Playwright tests, and a Management API
look-up of the tenant's users by email (what "the tenant now has the user" means)."""

from __future__ import annotations

import requests
from playwright.sync_api import Page, expect


class ClassicApp:
    """Travel0 Classic's own pages: member login, home with the "we are moving" notice."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def log_in(self, email: str, password: str) -> None:
        self.page.goto(self.base_url + "/login")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.locator("#login-button").click()

    def expect_member(self, greeting_name: str) -> None:
        expect(self.page.locator("#greeting")).to_have_text(f"Hello, {greeting_name}")

    def continue_to_new_travel0(self) -> None:
        self.page.locator("#new-app-link").click()


def tenant_users(tenant_url: str, client_id: str, client_secret: str, email: str) -> list[dict]:
    """``GET /api/v2/users-by-email`` as an M2M client (works on the mock and on Auth0)."""
    token = requests.post(f"{tenant_url}/oauth/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": client_secret, "audience": f"{tenant_url}/api/v2/"}).json()
    response = requests.get(f"{tenant_url}/api/v2/users-by-email", params={"email": email},
                            headers={"Authorization": f"Bearer {token['access_token']}"},
                            timeout=10)
    response.raise_for_status()
    return response.json()
