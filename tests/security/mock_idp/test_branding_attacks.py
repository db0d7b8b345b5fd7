"""Attacks on the branded pages: template injection through every value a user or an
application controls (login hint, error description, application name, profile fields in
emails) and steering the error-page redirect to another host."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.accounts import api_signup
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2c.phase1.branding.universal-login")]
ISSUER = "http://127.0.0.1:4000/"
CALLBACK = "http://localhost:5000/callback"
SCRIPT = "<script>alert(1)</script>"
LIQUID = "{{ tenant.friendly_name }}{% auth0:widget %}"
JINJA = "{{ config.SECRET_KEY }}"
PAYLOAD = SCRIPT + LIQUID + JINJA


def assert_inert(html: str) -> None:
    """The payload shows as text: no live script, no template evaluated a second time."""
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ tenant.friendly_name }}" in html and "{{ config.SECRET_KEY }}" in html
    assert "test-secret" not in html


def test_login_hint_is_escaped_on_the_login_page(http, web_flow):
    page = http.get(web_flow.authorize(login_hint=PAYLOAD).location)
    assert page.status == 200
    assert_inert(page.text)


@pytest.mark.scenario("b2c.phase1.branding.error-page")
def test_error_description_from_the_request_is_escaped_on_the_error_page(http):
    page = http.get("/authorize", params={"client_id": PAYLOAD})
    assert page.status == 400 and 'id="error-tracking"' in page.text
    assert_inert(page.text)


def test_an_application_name_cannot_inject_into_the_page_or_its_template(http, clients,
                                                                         mail_sink):
    web, deploy = clients["Travel0 Web"], clients["Travel0 Deploy"]
    token = http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": deploy["client_id"],
        "client_secret": deploy["client_secret"], "audience": ISSUER + "api/v2/"}).json()
    renamed = http.client.patch(f"/api/v2/clients/{web['client_id']}", json={"name": PAYLOAD},
                                headers={"Authorization": f"Bearer {token['access_token']}"})
    assert renamed.status_code == 200, renamed.get_data(as_text=True)
    flow = CodeFlow(http, web["client_id"], CALLBACK, web["client_secret"])
    page = http.get(flow.authorize().location)
    assert page.status == 200
    # in <title>, in the description's ${clientName} and in the template's {{ application.name }}
    assert page.text.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    assert_inert(page.text)
    assert page.text.count('id="username"') == 1  # no second widget from the name
    # and in the emails sent for that application
    email = "renamed.app@example.com"
    assert api_signup(http, web["client_id"], email, "Lisbon-by-Tram-2026").status == 200
    assert_inert(mail_sink.message(mail_sink.wait_for(email, "verify_email")[0]["id"])["html"])


@pytest.mark.scenario("b2c.phase1.branding.email-templates")
def test_profile_fields_are_inert_in_emails(http, clients, mail_sink):
    email = "inject.me@example.com"
    answer = api_signup(http, clients["Travel0 Web"]["client_id"], email, "Lisbon-by-Tram-2026",
                        given_name=PAYLOAD, name=PAYLOAD, user_metadata={"city": PAYLOAD})
    assert answer.status == 200, answer.text
    message = mail_sink.wait_for(email, "verify_email")[0]
    html = mail_sink.message(message["id"])["html"]
    assert_inert(html)


@pytest.fixture
def redirecting(tmp_path, mail_sink):
    app = create_app(tenant_overrides(tmp_path, **mail_sink.tenant_settings(
        {"ERROR_PAGE_URL": "https://travel0.example/error"})))
    yield FlaskHttp(app.test_client())
    dispose(app)


@pytest.mark.scenario("b2c.phase1.branding.error-page")
@pytest.mark.parametrize("params", [
    {"client_id": "nope", "error_page": "https://evil.example/"},
    {"client_id": "nope", "error_page_url": "https://evil.example/", "returnTo": "https://evil.example/"},
    {"client_id": "nope", "redirect_uri": "https://evil.example/cb"},
    {"client_id": "nope\r\nLocation: https://evil.example/"},
])
def test_the_error_page_redirect_cannot_be_steered_to_another_host(redirecting, params):
    for headers in ({}, {"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"}):
        sent = redirecting.get("/authorize", params=params, headers=headers)
        assert sent.status == 302
        target = urlsplit(sent.location)
        assert (target.scheme, target.netloc, target.path) == ("https", "travel0.example", "/error")
        assert "evil.example" not in target.netloc
        assert "\n" not in sent.location and "\r" not in sent.location
        assert set(parse_qs(target.query)) <= {"client_id", "lang", "error",
                                               "error_description", "tracking"}
