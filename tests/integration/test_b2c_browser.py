"""The consumer journey in a real browser against live servers: tenant, API, two apps."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from tests.support.pages import UniversalLogin, starts_with
from tests.support.tenant import JANE, MAX

pytestmark = pytest.mark.integration


def log_in(app, universal_login, stack, email=JANE):
    app.open()
    app.click_log_in()
    universal_login.log_in(email, stack.target.password(email))


@pytest.mark.scenario("b2c.phase1.authentication.universal-login")
@pytest.mark.scenario("b2c.phase1.qa.integration-testing")
def test_log_in_and_see_the_profile(b2c, universal_login, stack, page):
    log_in(b2c, universal_login, stack)
    b2c.expect_logged_in_as("Jane Traveller")
    page.locator("#profile-link").click()
    expect(page.locator("#profile-email")).to_have_text(JANE)
    expect(b2c.claim("iss")).to_contain_text(stack.tenant_url + "/")
    expect(b2c.claim("sub")).to_contain_text("auth0|")
    expect(b2c.claim("email_verified")).to_be_visible()


@pytest.mark.scenario("b2c.phase1.authentication.universal-login")
def test_deep_link_returns_to_the_page_after_login(b2c, universal_login, stack, page):
    b2c.open("/profile")
    universal_login.log_in(JANE, stack.target.password(JANE))
    expect(page).to_have_url(f"{stack.app_urls['b2c']}/profile")
    expect(page.locator("#profile-email")).to_have_text(JANE)


@pytest.mark.scenario("b2c.phase1.authentication.username-password")
def test_wrong_password_shows_auth0s_message(b2c, universal_login, page):
    b2c.open()
    b2c.click_log_in()
    universal_login.log_in(JANE, "Not-The-Password-1")
    expect(universal_login.error()).to_have_text("Wrong email or password")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")


@pytest.mark.scenario("b2c.phase1.authentication.username-password")
def test_login_form_works_with_the_keyboard_alone(b2c, universal_login, stack, page):
    b2c.open()
    b2c.click_log_in()
    universal_login.expect_shown()
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(JANE)
    page.keyboard.press("Enter")  # identifier first: the email, then the password step
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(stack.target.password(JANE))
    page.keyboard.press("Enter")
    b2c.expect_logged_in_as("Jane Traveller")


@pytest.mark.scenario("b2c.phase2.authorization.api-integration")
def test_orders_page_calls_the_api_with_the_access_token(b2c, universal_login, stack, page):
    log_in(b2c, universal_login, stack)
    page.locator("#orders-link").click()
    item = f"Lisbon city pass {secrets.token_hex(3)}"
    b2c.place_order(item, 2)
    expect(b2c.orders().filter(has_text=item)).to_have_count(1)
    expect(b2c.orders().filter(has_text=item).locator(".order-quantity")).to_have_text("2")


@pytest.mark.scenario("b2b.phase2.authorization.roles-permissions")
def test_user_without_the_permission_is_told_why(b2c, universal_login, stack, page):
    log_in(b2c, universal_login, stack, email=MAX)
    b2c.open("/orders")
    expect(page.locator("#permission-help")).to_be_visible()
    expect(page.locator("#error-page")).to_have_attribute("data-status", "403")


@pytest.mark.scenario("b2c.phase1.authentication.application-integration")
@pytest.mark.scenario("b2c.phase1.architecture.tenant-association")  # one tenant, so SSO
def test_second_app_signs_in_through_sso_without_a_password(b2c, rewards, universal_login,
                                                            stack, page):
    log_in(b2c, universal_login, stack)
    b2c.expect_logged_in_as("Jane Traveller")
    visited = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    rewards.open()
    rewards.click_log_in()
    rewards.expect_logged_in_as("Jane Traveller")
    expect(page).to_have_url(starts_with(stack.app_urls["rewards"]))
    assert not [url for url in visited if "/u/login" in url], "no login page on the second app"


@pytest.mark.scenario("b2c.phase1.logout.logout")
def test_app_only_logout_keeps_the_tenant_session(b2c, universal_login, stack, page):
    log_in(b2c, universal_login, stack)
    b2c.log_out_of_app()
    b2c.open()
    b2c.expect_logged_out()
    b2c.click_log_in()
    b2c.expect_logged_in_as("Jane Traveller")  # silent: the tenant session is still there


@pytest.mark.scenario("b2c.phase1.logout.logout")
@pytest.mark.scenario("b2c.phase1.qa.integration-testing")
def test_tenant_logout_ends_the_sso_session(b2c, universal_login, stack, page):
    log_in(b2c, universal_login, stack)
    b2c.log_out_of_tenant()
    expect(page).to_have_url(starts_with(f"{stack.app_urls['b2c']}/logged-out"))
    b2c.open()
    b2c.click_log_in()
    UniversalLogin(page, stack.tenant_url).expect_shown()  # the password is asked again


@pytest.mark.scenario("b2c.phase1.logout.logout")
def test_legacy_v2_logout_ends_the_sso_session(b2c, universal_login, stack, page):
    log_in(b2c, universal_login, stack)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    b2c.log_out_with_legacy_endpoint()
    expect(page).to_have_url(f"{stack.app_urls['b2c']}/logged-out")
    assert any(url.startswith(f"{stack.tenant_url}/v2/logout?") for url in requested)
    b2c.open()
    b2c.click_log_in()
    UniversalLogin(page, stack.tenant_url).expect_shown()  # the password is asked again


@pytest.mark.scenario("b2c.phase1.logout.logout")
@pytest.mark.parametrize("path, param", [("/oidc/logout", "post_logout_redirect_uri"),
                                          ("/v2/logout", "returnTo")])
def test_logout_to_a_foreign_url_is_refused_and_the_session_stays(
        b2c, universal_login, stack, page, path, param):
    log_in(b2c, universal_login, stack)
    client_id = stack.target.credentials("Travel0 Web")[0]
    page.goto(f"{stack.tenant_url}{path}?client_id={client_id}&{param}=https://evil.example/")
    # The tenant's error_page.url is the app's /error page: it says what went wrong.
    expect(page).to_have_url(starts_with(f"{stack.app_urls['b2c']}/error?"))
    expect(page.get_by_text("not in the allowed logout URLs")).to_be_visible()
    b2c.open()
    b2c.log_out_of_app()
    b2c.open()
    b2c.click_log_in()
    b2c.expect_logged_in_as("Jane Traveller")  # the tenant session was not ended


@pytest.mark.scenario("b2c.phase1.provisioning.self-sign-up")
def test_sign_up_from_the_app(b2c, stack, page):
    b2c.open()
    page.locator("#signup-link").click()
    email = f"new-{secrets.token_hex(4)}@example.com"
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("Travel-Far-2026!")
    page.locator("button[type=submit][name=action][value=default]").click()
    b2c.expect_logged_in_as(email)
