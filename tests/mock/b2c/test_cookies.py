"""The session cookie: flags, name per app, and only an id inside."""

from __future__ import annotations

import pytest

from apps.b2c import create_app
from tests.mock.b2c.support import JWT_PATTERN, app_config, login, start_login

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.qa.mock-testing")]


def _set_cookie(response, name):
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    return headers[0]


def test_session_cookie_flags_on_http(client):
    response = login(client)
    header = _set_cookie(response, "b2c_session")
    attributes = [part.strip().lower() for part in header.split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "secure" not in attributes
    assert not any(a.startswith(("expires", "max-age", "domain")) for a in attributes)
    assert not JWT_PATTERN.search(header)


def test_session_cookie_is_secure_when_base_url_is_https(fake_idp, fake_api, tmp_path):
    app = create_app(app_config(fake_idp, fake_api.url, tmp_path,
                                BASE_URL="https://travel0.example"))
    try:
        response = app.test_client().get("/login")
        assert "Secure" in _set_cookie(response, "b2c_session").split("; ")
    finally:
        app.extensions["cookbook_sessions"].dispose()


def test_anonymous_pages_set_no_cookie(client):
    assert client.get("/").headers.getlist("Set-Cookie") == []


@pytest.mark.scenario("b2c.phase1.authentication.application-integration")
def test_rewards_app_runs_the_same_code_with_its_own_cookie(fake_idp, fake_api, tmp_path):
    """Travel0 Rewards: another client of the tenant (client_secret_basic), its own cookie."""
    app = create_app(app_config(
        fake_idp, fake_api.url, tmp_path, APP_NAME="Travel0 Rewards",
        SESSION_COOKIE_NAME="rewards_session", AUTH0_TOKEN_AUTH_METHOD="client_secret_basic",
        BASE_URL="http://localhost:5003", DATABASE_URL=f"sqlite:///{tmp_path / 'rewards.db'}"))
    try:
        client = app.test_client()
        _, params = start_login(client)
        assert params["redirect_uri"] == "http://localhost:5003/callback"
        response = login(client)
        assert _set_cookie(response, "rewards_session")
        token_request = fake_idp.token_requests[-1]
        assert token_request["authorization"].startswith("Basic ")
        assert "client_secret" not in token_request
        assert "Travel0 Rewards" in client.get("/").get_data(as_text=True)
    finally:
        app.extensions["cookbook_sessions"].dispose()


def test_new_sessions_purge_expired_ones(app, client):
    store = app.extensions["cookbook_sessions"]
    store.save("long-gone", {"user": {"sub": "auth0|old"}}, -1)
    assert store.count() == 1

    login(client)

    assert store.count() == 1 and store.load("long-gone") is None
