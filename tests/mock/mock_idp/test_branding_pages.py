"""Universal Login pages as a browser receives them: the tenant's colours, logo and page
template, its custom text in the language ``ui_locales`` asks for, and the error page."""

from __future__ import annotations

import re
import shutil
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.accounts import api_signup, heading, request_reset
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp, hidden_fields
from tests.support.mail import link_in
from tests.support.tenant import TENANTS

UL = "b2c.phase1.branding.universal-login"
CHANGE_PASSWORD = "b2c.phase1.branding.change-password-page"
ERROR_PAGE = "b2c.phase1.branding.error-page"
pytestmark = pytest.mark.mock
CALLBACK = "http://localhost:5000/callback"
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def title(page) -> str:
    return unescape(TITLE.search(page.text).group(1).strip())


def element_text(page, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page.text, re.DOTALL)
    return " ".join(unescape(found.group(1)).split()) if found else ""


def assert_branded(page, prompt: str, lang: str = "en") -> None:
    """Travel0's colours, logo and page template around the prompt, in ``lang``."""
    assert "--primary: #0a7c6b" in page.text and "--page: #dff1ec" in page.text
    assert 'id="prompt-logo"' in page.text and "/common-static/travel0-logo.svg" in page.text
    assert 'id="travel0-banner"' in page.text and f'data-prompt="{prompt}"' in page.text
    assert f'<html lang="{lang}"' in page.text


def identify(http, page, email: str):
    """The identifier step: the email alone (the tenant has identifier_first on)."""
    return http.post("/u/login/identifier", data={**hidden_fields(page.text), "username": email,
                                                  "action": "default"})


def login_page(http, web_flow, **params):
    return http.get(web_flow.authorize(**params).location)


@pytest.mark.scenario(UL)
def test_the_login_page_wears_the_tenants_branding_and_template(http, web_flow):
    page = login_page(http, web_flow)
    assert page.status == 200
    assert_branded(page, "login-id")  # identifier first: the email, then the password
    assert heading(page) == "Welcome back"  # prompts.customText.en.login-id.login-id.title
    assert title(page) == "Log in | Travel0 Web"  # built-in pageTitle with ${clientName}
    assert element_text(page, "prompt-description") == \
        "Log in to plan your next trip with Travel0 Web."
    assert 'name="username"' in page.text  # Auth0's field
    password = http.get(identify(http, page, "jane@travel0.example").location)
    assert_branded(password, "login-password")
    assert heading(password) == "Enter your password" and 'id="password"' in password.text


@pytest.mark.scenario(UL)
def test_ui_locales_picks_the_first_language_the_tenant_offers(http, web_flow):
    page = login_page(http, web_flow, ui_locales="fr-FR es en")
    assert_branded(page, "login-id", lang="es")
    assert page.headers["Content-Language"] == "es"
    assert heading(page) == "Te damos la bienvenida de nuevo"
    assert ">Continuar</button>" in page.text and "¿No tienes una cuenta?" in page.text
    assert "¿Necesitas ayuda?" in page.text  # the template's own Spanish footer
    password = http.get(identify(http, page, "x@example.com").location)
    assert_branded(password, "login-password", lang="es")
    assert "¿Olvidaste tu contraseña?" in password.text and "Editar</a>" in password.text
    wrong = http.post("/u/login/password", data={**hidden_fields(password.text),
                                                 "password": "Not-It-2026", "action": "default"})
    assert wrong.status == 400
    assert element_text(wrong, "error-element-password") == \
        "Correo electrónico o contraseña incorrectos"  # login-password wrong-credentials


@pytest.mark.scenario(UL)
def test_without_ui_locales_the_browsers_language_is_used(http, web_flow):
    location = web_flow.authorize().location
    page = http.get(location, headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    assert '<html lang="es"' in page.text
    other = http.get(location, headers={"Accept-Language": "de-DE"})
    assert '<html lang="en"' in other.text  # not offered: the tenant's default


@pytest.mark.scenario(UL)
def test_sign_up_and_reset_request_follow_the_logins_language(http, web_flow):
    signup = login_page(http, web_flow, ui_locales="es", screen_hint="signup")
    assert_branded(signup, "signup", lang="es")
    assert heading(signup) == "Crea tu cuenta"
    assert "Únete a Travel0 (dev) para reservar viajes" in signup.text

    state = hidden_fields(login_page(http, web_flow, ui_locales="es").text)["state"]
    request = http.get("/u/reset-password/request", params={"state": state})
    assert_branded(request, "reset-password", lang="es")
    assert heading(request) == "¿Olvidaste tu contraseña?"
    sent = request_reset(http, "nobody@example.com", state)
    assert heading(sent) == "Revisa tu correo" and "nobody@example.com" in sent.text


@pytest.mark.scenario(CHANGE_PASSWORD)
def test_the_change_password_page_is_branded_and_localized(http, clients, mail_sink):
    email = "brand.reset@example.com"
    web = clients["Travel0 Web"]
    assert api_signup(http, web["client_id"], email, "Lisbon-by-Tram-2026").status == 200
    request_reset(http, email)
    link = link_in(mail_sink.wait_for(email, "reset_email")[0], "http://127.0.0.1:4000/")
    page = http.get(link)
    assert_branded(page, "reset-password")
    assert heading(page) == "Change your password"
    assert element_text(page, "prompt-description") == f"Enter a new password for {email}."
    spanish = http.get(link, headers={"Accept-Language": "es"})
    assert heading(spanish) == "Cambia tu contraseña" and "Repite la contraseña nueva" in \
        spanish.text


@pytest.mark.scenario(UL)
def test_verification_logout_and_unblock_pages_are_branded_too(http):
    verification = http.get("/u/email-verification", params={"ticket": "nope"})
    assert verification.status == 400
    assert_branded(verification, "email-verification")
    logged_out = http.get("/v2/logout")
    assert logged_out.status == 200
    assert_branded(logged_out, "logout")
    unblock = http.get("/u/brute-force-protection-unblock", params={"ticket": "nope"})
    assert unblock.status == 400
    assert_branded(unblock, "brute-force-protection")


@pytest.mark.scenario(ERROR_PAGE)
def test_without_error_page_url_the_tenant_shows_a_tracked_branded_page(http, web_flow, logs):
    page = web_flow.authorize(redirect_uri="https://elsewhere.example/callback")
    assert page.status == 400
    assert_branded(page, "common")
    assert element_text(page, "error-code") == "unauthorized_client"
    tracking = element_text(page, "error-tracking")
    assert re.fullmatch(r"[0-9a-f]{16}", tracking)
    logged = [event for event in logs("f") if event["details"].get("tracking") == tracking]
    assert len(logged) == 1
    assert logged[0]["details"]["error"] == "unauthorized_client"
    assert logged[0]["client_id"] == web_flow.client_id


@pytest.mark.scenario(ERROR_PAGE)
def test_json_clients_still_get_auth0s_error_body(http, web_flow):
    answer = http.get("/authorize", params={"client_id": "nobody"},
                      headers={"Accept": "application/json"})
    assert answer.status == 400
    assert answer.json()["error"] == "invalid_request"


@pytest.fixture
def redirecting_tenant(tmp_path, mail_sink):
    """The main tenant with ``error_page.url`` set (a query of its own, to keep)."""
    app = create_app(tenant_overrides(tmp_path, **mail_sink.tenant_settings(
        {"ERROR_PAGE_URL": "https://travel0.example/error?from=tenant"})))
    yield FlaskHttp(app.test_client())
    dispose(app)


@pytest.mark.scenario(ERROR_PAGE)
def test_with_error_page_url_errors_redirect_there_with_auth0s_parameters(redirecting_tenant):
    http = redirecting_tenant
    web = {c["name"]: c for c in http.get("/_cookbook/clients").json()}["Travel0 Web"]
    flow = CodeFlow(http, web["client_id"], CALLBACK, web["client_secret"])
    # a redirect_uri full of URL syntax: it must arrive as text, not as extra parameters
    sent = flow.authorize(redirect_uri="https://x.example/cb?a=1&tracking=forged#frag",
                          ui_locales="es")
    assert sent.status == 302
    target = urlsplit(sent.location)
    assert (target.scheme, target.netloc, target.path) == ("https", "travel0.example", "/error")
    assert target.fragment == ""
    query = parse_qs(target.query)
    assert query["from"] == ["tenant"] and query["client_id"] == [web["client_id"]]
    assert query["error"] == ["unauthorized_client"] and query["lang"] == ["es"]
    assert "https://x.example/cb?a=1&tracking=forged#frag" in query["error_description"][0]
    assert len(query["tracking"]) == 1 and query["tracking"][0] != "forged"
    logged = http.get("/_cookbook/logs", params={"type": "f"}).json()
    assert logged[0]["details"]["tracking"] == query["tracking"][0]


@pytest.mark.scenario(ERROR_PAGE)
def test_an_unknown_client_id_is_not_echoed_to_the_error_page(redirecting_tenant):
    sent = redirecting_tenant.get("/authorize", params={"client_id": "<script>x</script>"})
    query = parse_qs(urlsplit(sent.location).query)
    assert sent.status == 302 and "client_id" not in query
    assert query["error_description"] == ["Unknown client: <script>x</script>"]


@pytest.fixture
def fragile_template_tenant(tmp_path, mail_sink):
    """A page template that passes the start-up check but fails on a real login hint."""
    shutil.copytree(TENANTS / "main", tmp_path / "main")
    shutil.copytree(TENANTS / "env", tmp_path / "env")
    template = tmp_path / "main" / "branding" / "universal_login.html"
    template.write_text(template.read_text().replace(
        "{%- auth0:widget -%}",
        "{% if transaction.params.login_hint %}{{ 1 | divided_by: 0 }}{% endif %}"
        "{%- auth0:widget -%}", 1))
    app = create_app(tenant_overrides(tmp_path, TENANT_DIR=str(tmp_path / "main"),
                                      **mail_sink.tenant_settings()))
    yield app
    dispose(app)


@pytest.mark.scenario(UL)
def test_a_template_failing_at_run_time_serves_the_default_page(fragile_template_tenant):
    http = FlaskHttp(fragile_template_tenant.test_client())
    web = {c["name"]: c for c in http.get("/_cookbook/clients").json()}["Travel0 Web"]
    flow = CodeFlow(http, web["client_id"], CALLBACK, web["client_secret"])
    fine = http.get(flow.authorize().location)
    assert fine.status == 200 and 'id="travel0-banner"' in fine.text
    hinted = http.get(flow.authorize(login_hint="jane@travel0.example").location)
    assert hinted.status == 200
    assert 'id="travel0-banner"' not in hinted.text  # the default page, not the template
    assert "--primary: #0a7c6b" in hinted.text and 'value="jane@travel0.example"' in hinted.text
