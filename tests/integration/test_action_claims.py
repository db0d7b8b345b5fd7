"""The post-login Action's namespaced claims, seen where the consumer app shows them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.tenant import JANE

pytestmark = pytest.mark.integration


@pytest.mark.scenario("b2c.phase1.authorization.id-token-claims")
def test_profile_shows_the_namespaced_roles_claim(b2c, universal_login, stack, page):
    b2c.open()
    b2c.click_log_in()
    universal_login.log_in(JANE, stack.target.password(JANE))
    b2c.expect_logged_in_as("Jane Traveller")
    page.locator("#profile-link").click()
    expect(b2c.claim("https://travel0.example/roles")).to_contain_text("customer")
    expect(b2c.claim("https://travel0.example/permissions")).to_contain_text("create:orders")
