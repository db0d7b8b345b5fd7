"""Branding in the tenant files: colours, logo, languages, custom text, the error page and the
Liquid page template, all checked at start-up with the file and place of any problem."""

from __future__ import annotations

import pytest

from mock_idp.branding.texts import resolve_locale, screen_texts
from mock_idp.tenant import TenantFileError, load_tenant
from tests.support.tenant import TENANTS, edit

UL = "b2c.phase1.branding.universal-login"
pytestmark = [pytest.mark.unit, pytest.mark.scenario(UL)]
TEMPLATE = "branding/universal_login.html"


def load_error(directory) -> TenantFileError:
    with pytest.raises(TenantFileError) as raised:
        load_tenant(directory, "dev")
    return raised.value


def test_the_shipped_tenant_brands_travel0():
    spec = load_tenant(TENANTS / "main", "dev").branding
    assert spec.primary == "#0a7c6b" and spec.page_background == "#dff1ec"
    assert spec.logo_url == "http://localhost:5000/common-static/travel0-logo.svg"
    assert spec.locales == ["en", "es"]
    assert spec.template is not None and spec.template_file.endswith(TEMPLATE)
    assert spec.custom_text["es"]["login"]["login"]["title"]
    assert spec.error_page_url is None  # dev: the tenant's own page unless an app is running


def test_qa_sends_errors_to_the_apps_error_page():
    assert load_tenant(TENANTS / "main", "qa").branding.error_page_url == \
        "https://qa.travel0.example/error"


def test_a_liquid_syntax_error_stops_start_up_naming_file_and_line(tenant_copy):
    edit(tenant_copy / TEMPLATE, "{{ tenant.friendly_name }}", "{{ tenant.friendly_name ")
    problem = load_error(tenant_copy)
    assert problem.path.name == "universal_login.html"
    assert problem.where.startswith("line ") and "Liquid" in problem.problem


def test_a_template_without_the_widget_tag_stops_start_up(tenant_copy):
    edit(tenant_copy / TEMPLATE, "{%- auth0:widget -%}", "<p>no widget</p>")
    problem = load_error(tenant_copy)
    assert problem.path.name == "universal_login.html"
    assert "auth0:widget" in problem.problem and "missing" in problem.problem


def test_a_template_hiding_the_widget_on_one_page_stops_start_up(tenant_copy):
    edit(tenant_copy / TEMPLATE, "{%- auth0:widget -%}",
         '{% if prompt.name != "signup" %}{%- auth0:widget -%}{% endif %}')
    assert "on the signup page" in load_error(tenant_copy).problem


def test_a_template_without_the_head_tag_stops_start_up(tenant_copy):
    edit(tenant_copy / TEMPLATE, "{%- auth0:head -%}", "")
    assert "auth0:head" in load_error(tenant_copy).problem


def test_an_unknown_auth0_tag_stops_start_up(tenant_copy):
    edit(tenant_copy / TEMPLATE, "{%- auth0:head -%}", "{%- auth0:head -%}{% auth0:footer %}")
    assert "auth0:footer" in load_error(tenant_copy).problem


def test_a_template_outside_the_tenant_directory_is_refused(tenant_copy):
    edit(tenant_copy / "tenant.yaml", f"body: ./{TEMPLATE}", "body: ../env/dev.json")
    problem = load_error(tenant_copy)
    assert problem.where == "branding.templates[0].body" and "outside" in problem.problem


@pytest.mark.parametrize(("old", "new", "where"), [
    ("primary: '#0a7c6b'", "primary: 'red; } body { display: none'", "branding.colors.primary"),
    ("page_background: '#dff1ec'", "page_background: 12", "branding.colors.page_background"),
    ("logo_url: '##B2C_URL##/common-static/travel0-logo.svg'", "logo_url: 'javascript:alert(1)'",
     "branding.logo_url"),
    ("enabled_locales: [en, es]", "enabled_locales: [en, klingon]", "tenant.enabled_locales[1]"),
    ("    es:\n      login:", "    xx:\n      login:", "prompts.customText.xx"),
    ("url: '##ERROR_PAGE_URL##'", "url: 'not a url'", "tenant.error_page.url"),
])
def test_bad_branding_settings_stop_start_up_naming_the_place(tenant_copy, old, new, where):
    edit(tenant_copy / "tenant.yaml", old, new)
    problem = load_error(tenant_copy)
    assert problem.path.name == "tenant.yaml" and problem.where == where


def test_a_font_url_and_a_short_colour_are_accepted(tenant_copy):
    edit(tenant_copy / "tenant.yaml", "\n  logo_url:",
         "\n  font:\n    url: 'https://fonts.example/travel0.woff2'\n  logo_url:")
    edit(tenant_copy / "tenant.yaml", "primary: '#0a7c6b'", "primary: '#FC0'")
    spec = load_tenant(tenant_copy, "dev").branding
    assert spec.font_url == "https://fonts.example/travel0.woff2"
    assert spec.primary == "#fc0" and spec.on_primary == "#1e212a"  # dark text on yellow


@pytest.mark.parametrize(("ui_locales", "accept", "expected"), [
    ("es", None, "es"),
    ("fr-FR es en", None, "es"),  # the first language the tenant offers wins
    ("es-MX", None, "es"),  # a regional tag falls back to its language
    ("de", None, "en"),  # none offered: the tenant's default
    (None, [("es-ES", 1), ("en", 0.5)], "es"),  # no ui_locales: the browser's languages
    ("en", [("es", 1)], "en"),  # ui_locales beats the browser
])
def test_the_page_language_follows_ui_locales_then_the_browser(ui_locales, accept, expected):
    assert resolve_locale(ui_locales, accept, ["en", "es"]) == expected


def test_custom_text_wins_over_built_in_text_and_fills_variables():
    custom = {"es": {"login": {"login": {"title": "Hola de ${companyName}"}}}}
    texts = screen_texts(custom, "es", "login", "login",
                         {"companyName": "Travel0", "clientName": "Travel0 Web"})
    assert texts["title"] == "Hola de Travel0"  # the tenant's text
    assert texts["buttonText"] == "Continuar"  # built-in Spanish
    assert texts["description"] == "Inicia sesión en Travel0 para continuar a Travel0 Web."
    assert screen_texts({}, "fr", "login", "login", {})["buttonText"] == "Continue"  # English
