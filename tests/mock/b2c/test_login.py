"""Universal Login from the app's side: the /authorize redirect, the callback, deep links."""

from __future__ import annotations

import base64
import hashlib

import pytest

from apps.b2c import create_app
from tests.mock.b2c.support import (
    BASE_URL,
    COOKIE,
    JWT_PATTERN,
    app_config,
    authorize,
    closed_port_url,
    login,
    server_session,
    start_login,
)

pytestmark = pytest.mark.mock
UNIVERSAL_LOGIN = "b2c.phase1.authentication.universal-login"


@pytest.mark.scenario(UNIVERSAL_LOGIN)
@pytest.mark.scenario("b2c.phase1.qa.mock-testing")
def test_login_redirect_carries_pkce_state_nonce_and_audience(client, fake_idp):
    url, params = start_login(client)

    assert url.startswith(f"{fake_idp.url}/authorize?")
    assert params["response_type"] == "code"
    assert params["client_id"] == fake_idp.client_id
    assert params["redirect_uri"] == f"{BASE_URL}/callback"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43  # base64url of a SHA-256
    assert len(params["state"]) >= 20 and len(params["nonce"]) >= 20
    assert params["audience"] == "https://api.cookbook.local/"
    assert set(params["scope"].split()) == {
        "openid", "profile", "email", "offline_access", "read:orders", "create:orders"}


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_each_login_gets_fresh_state_nonce_and_verifier(client):
    _, first = start_login(client)
    _, second = start_login(client)
    for key in ("state", "nonce", "code_challenge"):
        assert first[key] != second[key]


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_signup_and_login_hint_are_passed_through(client):
    _, params = start_login(client, "/login?screen_hint=signup&login_hint=max%40example.com")
    assert params["screen_hint"] == "signup"
    assert params["login_hint"] == "max@example.com"

    _, params = start_login(client, "/login?screen_hint=evil&prompt=none")
    assert "screen_hint" not in params and "prompt" not in params


@pytest.mark.scenario(UNIVERSAL_LOGIN)
@pytest.mark.scenario("b2c.phase1.qa.mock-testing")
def test_callback_logs_in_and_keeps_tokens_server_side(client, fake_idp):
    response = login(client)

    assert response.status_code == 302 and response.headers["Location"] == "/"
    token_request = fake_idp.token_requests[-1]
    challenge = fake_idp.authorize_requests[-1]["code_challenge"]
    digest = hashlib.sha256(token_request["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge
    # client_secret_post, as the tenant's "Travel0 Web" client is configured
    assert token_request["client_secret"] == fake_idp.client_secret

    cookie = client.get_cookie(COOKIE).value
    issued = fake_idp.issued[-1]
    assert not JWT_PATTERN.search(cookie)
    assert issued["refresh_token"] not in cookie and len(cookie) < 120
    stored = server_session(client)["tokens"]
    assert stored["access_token"] == issued["access_token"]
    assert stored["refresh_token"] == issued["refresh_token"]
    assert stored["id_token"] == issued["id_token"]

    home = client.get("/").get_data(as_text=True)
    assert 'id="greeting"' in home and "Demo User" in home


@pytest.mark.scenario(UNIVERSAL_LOGIN)
@pytest.mark.parametrize("path", ["/orders", "/profile?tab=claims"])
def test_deep_link_returns_to_the_requested_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    login_path = response.headers["Location"]
    assert login_path.startswith("/login?next=")

    assert login(client, login_path).headers["Location"] == path


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_offsite_next_falls_back_to_home(client):
    response = login(client, "/login?next=https://evil.example/steal")
    assert response.headers["Location"] == "/"


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_idp_error_on_callback_is_a_clear_400(client):
    start_login(client)
    response = client.get("/callback?error=access_denied&error_description=User+said+no&state=x")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="error-title"' in page and "User said no" in page
    assert 'id="login-retry-link"' in page
    assert client.get("/profile").status_code == 302  # nobody logged in


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_idp_error_is_json_for_json_clients(client):
    response = client.get("/callback?error=access_denied&error_description=No",
                          headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "access_denied", "error_description": "No"}


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_state_mismatch_is_a_clear_400(client, fake_idp):
    url, params = start_login(client)
    callback = authorize(url).replace(params["state"], "forged-state")

    response = client.get(callback)

    assert response.status_code == 400
    assert 'data-error="invalid_state"' in response.get_data(as_text=True)
    assert fake_idp.token_requests == []  # the code was never redeemed


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_replayed_callback_is_a_clear_400(client, fake_idp):
    url, _ = start_login(client)
    callback = authorize(url)
    assert client.get(callback).status_code == 302

    replay = client.get(callback)

    assert replay.status_code == 400
    assert 'data-error="invalid_state"' in replay.get_data(as_text=True)
    assert len(fake_idp.token_requests) == 1


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_token_endpoint_error_is_a_clear_400(client, fake_idp):
    fake_idp.fail_next = {"error": "invalid_grant", "error_description": "Code expired"}
    response = login(client)
    assert response.status_code == 400
    assert "Code expired" in response.get_data(as_text=True)
    assert "tokens" not in server_session(client)


@pytest.mark.scenario(UNIVERSAL_LOGIN)
def test_unreachable_idp_is_a_502_page(fake_api, fake_idp, tmp_path):
    config = app_config(fake_idp, fake_api.url, tmp_path, AUTH0_DOMAIN=closed_port_url())
    app = create_app(config)
    try:
        response = app.test_client().get("/login")
        assert response.status_code == 502
        assert "identity provider" in response.get_data(as_text=True)
    finally:
        app.extensions["cookbook_sessions"].dispose()
