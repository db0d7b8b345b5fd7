"""Travel0's own pages for errors the tenant reports: ``/error`` (the tenant's
``error_page.url``) and the callback's error page, titled for people, never a 500."""

from __future__ import annotations

import pytest

from tests.mock.b2c.support import start_login

pytestmark = pytest.mark.mock
ERROR_PAGE = "b2c.phase1.branding.error-page"


@pytest.mark.scenario(ERROR_PAGE)
def test_the_tenants_error_page_url_lands_on_a_styled_page(client):
    response = client.get("/error?client_id=abc&lang=en&error=unauthorized_client"
                          "&error_description=Callback+URL+mismatch.&tracking=0f3a9c1d2e4b5a67")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="error-title">This application is not set up for that login<' in page
    assert 'id="error-message">Callback URL mismatch.<' in page
    assert 'id="error-tracking">0f3a9c1d2e4b5a67<' in page
    assert 'data-error="unauthorized_client"' in page and 'id="login-retry-link"' in page
    assert "/common-static/cookbook.css" in page  # the app's own look


@pytest.mark.scenario(ERROR_PAGE)
def test_odd_values_on_the_error_page_are_cleaned_not_a_500(client):
    response = client.get("/error", query_string={
        "error": "<b>Bad</b>", "error_description": "x" * 5000 + "\x00\x1b",
        "tracking": "not a tracking id!"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-error="unknown_error"' in page and "<b>Bad</b>" not in page
    assert "x" * 501 not in page and "\x1b" not in page
    assert 'id="error-tracking"' not in page
    bare = client.get("/error")
    assert bare.status_code == 400 and "could not complete your request" in bare.get_data(
        as_text=True)


@pytest.mark.scenario(ERROR_PAGE)
def test_the_error_page_answers_json_clients_in_auth0s_shape(client):
    response = client.get("/error?error=access_denied&error_description=No",
                          headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "access_denied", "error_description": "No"}


@pytest.mark.scenario(ERROR_PAGE)
@pytest.mark.parametrize(("error", "title"), [
    ("access_denied", "Access denied"),
    ("unauthorized", "This account cannot sign in"),  # a blocked user
    ("login_required", "Please log in"),
    ("something_new", "Something went wrong while signing you in"),
])
def test_callback_errors_get_a_title_people_understand(client, error, title):
    start_login(client)
    response = client.get(f"/callback?error={error}&error_description=Because&state=x")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="error-title">{title}<' in page and 'id="error-message">Because<' in page


@pytest.mark.scenario("b2c.phase1.branding.universal-login")
def test_ui_locales_is_passed_to_the_tenant_when_well_formed(client):
    _, params = start_login(client, "/login?ui_locales=es%20en")
    assert params["ui_locales"] == "es en"
    _, params = start_login(client, "/login?ui_locales=%22%3E%3Cscript%3E")
    assert "ui_locales" not in params
