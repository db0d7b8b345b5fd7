"""The branded Universal Login in a real browser, and the screenshots the README shows.

Each test proves the branding is applied (the submit button's computed colour is the tenant's
primary colour, the logo loaded, the text is the tenant's in the asked language) and then
writes a PNG into docs/screenshots/, so the pictures always show what the suite verified.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mock_idp import create_app as create_tenant
from mock_idp.db import dispose
from tests.support.servers import LiveServer
from tests.support.tenant import JANE, ROOT

pytestmark = pytest.mark.integration
UL = "b2c.phase1.branding.universal-login"
ERROR_PAGE = "b2c.phase1.branding.error-page"
SHOTS = ROOT / "docs" / "screenshots"
PRIMARY = "rgb(10, 124, 107)"  # branding.colors.primary #0a7c6b
SUBMIT = "button[type=submit][name=action][value=default]"
LOGO = "#prompt-logo, #prompt-logo-center"  # the mock's id, Auth0's id


def screenshot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name)


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def expect_branded(page: Page, lang: str = "en", button: bool = True) -> None:
    """Travel0's logo (loaded), template, language and, on forms, the primary colour."""
    logo = page.locator(LOGO)
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0"), "logo did not load"
    expect(page.locator("#travel0-banner")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if button:
        expect(page.locator(SUBMIT)).to_have_css("background-color", PRIMARY)


@pytest.fixture
def sized(page: Page) -> Page:
    page.set_viewport_size({"width": 960, "height": 760})
    return page


@pytest.mark.scenario(UL)
def test_branded_login_in_english(b2c, universal_login, sized):
    b2c.open()
    b2c.click_log_in()
    universal_login.expect_shown()
    expect_branded(sized)
    expect(heading(sized)).to_have_text("Welcome back")
    expect(sized.get_by_text("Log in to plan your next trip with Travel0 Web.")).to_be_visible()
    screenshot(sized, "login-en.png")


@pytest.mark.scenario(UL)
def test_branded_login_in_spanish_with_ui_locales(b2c, sized):
    b2c.open("/login?ui_locales=es")
    expect_branded(sized, lang="es")
    expect(heading(sized)).to_have_text("Te damos la bienvenida de nuevo")
    expect(sized.get_by_label("Correo electrónico")).to_be_visible()
    expect(sized.locator(SUBMIT)).to_have_text("Continuar")
    expect(sized.locator("#travel0-footer")).to_contain_text("¿Necesitas ayuda?")
    screenshot(sized, "login-es.png")


@pytest.mark.scenario(UL)
def test_branded_sign_up(b2c, sized):
    b2c.open("/login?screen_hint=signup")
    expect_branded(sized)
    expect(heading(sized)).to_have_text("Create your account")
    expect(sized.get_by_text(re.compile(r"^Join Travel0.* to book trips and collect rewards\.$"))
           ).to_be_visible()
    screenshot(sized, "signup.png")


@pytest.mark.scenario(UL)
@pytest.mark.scenario("b2c.phase1.branding.change-password-page")
def test_branded_reset_request_and_change_password_page(b2c, universal_login, stack, sized):
    stack.target.needs_outbox()  # the change-password link comes by email
    b2c.open("/login?ui_locales=es")
    sized.get_by_label("Correo electrónico").fill(JANE)  # identifier first: the email, then
    sized.locator(SUBMIT).click()  # the password step, which has the link
    sized.locator("#forgot-password-link").click()
    expect_branded(sized, lang="es")
    expect(heading(sized)).to_have_text("¿Olvidaste tu contraseña?")
    screenshot(sized, "reset-request-es.png")
    sized.get_by_label("Correo electrónico").fill(JANE)
    sized.locator(SUBMIT).click()
    expect(heading(sized)).to_have_text("Revisa tu correo")

    stack.target.outbox(to=JANE, template="reset_email")  # delivered (polls with a deadline)
    sized.goto(stack.target.outbox_page(to=JANE))
    sized.get_by_role("link", name=re.compile("Reset your Travel0")).first.click()
    sized.frame_locator("#message-body").get_by_role("link", name="Choose a new password").click()
    expect_branded(sized)
    expect(heading(sized)).to_have_text("Change your password")
    expect(sized.get_by_label("Re-enter new password")).to_be_visible()
    screenshot(sized, "change-password.png")


@pytest.mark.scenario(ERROR_PAGE)
def test_tenant_errors_land_on_travel0s_error_page_with_the_tracking_id(stack, sized):
    client_id, _ = stack.target.credentials("Travel0 Web")
    sized.goto(f"{stack.tenant_url}/authorize?response_type=code&client_id={client_id}"
               "&redirect_uri=https%3A%2F%2Felsewhere.example%2Fcallback&scope=openid")
    expect(sized).to_have_url(re.compile("^" + re.escape(stack.app_urls["b2c"] + "/error?")))
    expect(sized.locator("#error-title")).to_have_text(
        "This application is not set up for that login")
    expect(sized.locator("#error-message")).to_contain_text("https://elsewhere.example/callback")
    tracking = sized.locator("#error-tracking").inner_text()
    assert re.fullmatch(r"[0-9a-f]{16}", tracking)
    logged = [e for e in stack.target.logs("f") if e["details"].get("tracking") == tracking]
    assert len(logged) == 1 and logged[0]["details"]["error"] == "unauthorized_client"
    screenshot(sized, "app-error.png")


@pytest.fixture
def tenant_without_error_page(stack, tmp_path):
    """A second mock tenant from the same files with ``error_page.url`` unset."""
    if stack.target.name != "mock":
        pytest.skip("the tenant's own error page is shown only without error_page.url; the "
                    "deployed tenant has it set")
    server = LiveServer("127.0.0.1")
    app = create_tenant({
        "PUBLIC_URL": server.url, "SECRET_KEY": "integration", "BCRYPT_ROUNDS": 4,
        "DATABASE_URL": f"sqlite:///{tmp_path}/tenant.db", "MAILER": "outbox",
        "KEYWORDS": {"ERROR_PAGE_URL": "", "B2C_URL": stack.app_urls["b2c"]}})
    server.start(app)
    yield server.url
    server.stop()
    dispose(app)


@pytest.mark.scenario(ERROR_PAGE)
def test_without_error_page_url_the_tenant_shows_its_branded_error_page(
        tenant_without_error_page, sized):
    sized.goto(f"{tenant_without_error_page}/authorize?client_id=no-such-client&ui_locales=es")
    expect_branded(sized, lang="es", button=False)
    expect(heading(sized)).to_have_text("Vaya, algo salió mal")
    expect(sized.locator("#error-description")).to_have_text("Unknown client: no-such-client")
    tracking = sized.locator("#error-tracking").inner_text()
    logs = sized.request.get(f"{tenant_without_error_page}/_cookbook/logs?type=f").json()
    assert [e["details"]["tracking"] for e in logs] == [tracking]
    screenshot(sized, "error-es.png")
