"""Access tokens that expire while the user browses are refreshed with the rotating
refresh token, without sending the user back to the login page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.pages import Travel0, UniversalLogin
from tests.support.stack import start_stack
from tests.support.target import MockTarget
from tests.support.tenant import JANE

pytestmark = pytest.mark.integration
# Shorter than the app's 30-second safety margin: every API call needs a fresh token.
SHORT_LIFETIME = 20


@pytest.fixture(scope="module")
def short_lived(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("short-lived")
    # A real tenant's API lifetime is whatever was deployed; this needs the mock.
    running = start_stack(MockTarget(workdir), workdir, {"API_TOKEN_LIFETIME": SHORT_LIFETIME})
    yield running
    running.stop()


@pytest.mark.scenario("b2c.phase2.authorization.api-integration")
@pytest.mark.scenario("b2c.phase1.authentication.application-integration")
def test_expired_access_token_is_refreshed_and_rotation_is_kept(page, short_lived):
    app = Travel0(page, short_lived.app_urls["b2c"])
    app.open("/orders")
    UniversalLogin(page, short_lived.tenant_url).log_in(JANE, short_lived.target.password(JANE))
    expect(page.locator("#order-form")).to_be_visible()
    for _ in range(3):
        app.open("/orders")
        expect(page.locator("#order-form")).to_be_visible()
        app.expect_logged_in_as("Jane Traveller")
    refreshes = short_lived.target.logs("sertft")
    assert len(refreshes) >= 4, "each visit exchanged the latest refresh token"
    assert short_lived.target.logs("ferrt") == [], "no rotated refresh token was ever reused"
