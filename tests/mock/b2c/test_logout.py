"""The three logouts: app-only (the tenant's SSO session stays), tenant logout via /oidc/logout
with an ID token hint, and Auth0's legacy /v2/logout with client_id and returnTo."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.mock.b2c.support import COOKIE, csrf_token, login, server_session

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.logout.logout")]


def test_app_logout_clears_the_app_session_only(app, client, fake_idp):
    login(client)
    token = csrf_token(client)

    response = client.post("/logout", data={"csrf_token": token})

    assert response.status_code == 302
    assert response.headers["Location"] == "/logged-out?scope=app"
    assert f"{COOKIE}=;" in response.headers["Set-Cookie"]  # cookie deleted
    assert client.get_cookie(COOKIE) is None
    assert app.extensions["cookbook_sessions"].count() == 0
    assert fake_idp.logout_requests == []  # the tenant was not asked to end its session
    assert client.get("/profile").status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "single sign-on session at the\n    identity provider is still open" in page


@pytest.mark.scenario("b2c.phase1.qa.mock-testing")
def test_tenant_logout_redirects_to_end_session_with_hint(client, fake_idp):
    login(client)
    id_token = server_session(client)["tokens"]["id_token"]
    token = csrf_token(client)

    response = client.post("/logout/tenant", data={"csrf_token": token})

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{fake_idp.url}/oidc/logout"
    params = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert params == {"id_token_hint": id_token, "client_id": fake_idp.client_id,
                      "post_logout_redirect_uri": "http://localhost/logged-out"}
    assert client.get_cookie(COOKIE) is None
    assert client.get("/profile").status_code == 302

    back = requests.get(response.headers["Location"], allow_redirects=False, timeout=10)
    assert back.headers["Location"] == "http://localhost/logged-out"
    page = client.get("/logged-out").get_data(as_text=True)
    assert "You are logged out" in page and 'id="login-link"' in page


def test_logout_without_csrf_token_is_refused(client):
    login(client)

    for path in ("/logout", "/logout/tenant", "/logout/legacy"):
        response = client.post(path)
        assert response.status_code == 400
        assert 'data-error="csrf_failed"' in response.get_data(as_text=True)
    assert client.get("/profile").status_code == 200  # still logged in


def test_legacy_logout_redirects_to_v2_logout_with_client_and_return_url(client, fake_idp):
    login(client)

    response = client.post("/logout/legacy", data={"csrf_token": csrf_token(client)})

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{fake_idp.url}/v2/logout"
    assert {k: v[0] for k, v in parse_qs(location.query).items()} == {
        "client_id": fake_idp.client_id, "returnTo": "http://localhost/logged-out"}
    assert client.get_cookie(COOKIE) is None
    assert client.get("/profile").status_code == 302


def test_logout_page_explains_and_offers_three_ways_out(client):
    login(client)
    home = client.get("/").get_data(as_text=True)
    assert '<a id="logout-link" href="/logout">Log out</a>' in home

    page = client.get("/logout").get_data(as_text=True)

    token = csrf_token(client)
    for action, button in (("/logout", "Log out of this app"),
                           ("/logout/tenant", "Log out of the tenant"),
                           ("/logout/legacy", "Log out with /v2/logout")):
        assert f'<form method="post" action="{action}">' in page
        assert f">{button}</button>" in page
    assert page.count(f'name="csrf_token" value="{token}"') == 3
    assert "without a password" in page and "id_token_hint" in page and "returnTo" in page


def test_logout_page_when_logged_out_says_so(client):
    response = client.get("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/logged-out?scope=app"
