"""The profile page shows who logged in, including every ID-token claim."""

from __future__ import annotations

import re

import pytest

from tests.mock.b2c.support import login

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2c.phase1.authentication.application-integration")]


def test_profile_shows_user_and_all_id_token_claims(client, fake_idp):
    fake_idp.id_token_claims = {"https://travel0.example/loyalty": "gold"}
    login(client)

    response = client.get("/profile")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'id="profile-name">Demo User<', page)
    assert re.search(r'id="profile-email">demo@example.com<', page)
    assert 'id="profile-picture" src="https://example.com/demo.png"' in page
    claims = dict(re.findall(r'<tr data-claim="([^"]+)"><th scope="row">[^<]+</th>'
                             r'<td><code>([^<]*)</code>', page))
    assert claims["sub"] == "auth0|demo-user"
    assert claims["iss"] == fake_idp.issuer
    assert claims["aud"] == fake_idp.client_id
    assert claims["https://travel0.example/loyalty"] == "gold"
    assert {"exp", "iat", "nonce", "sid", "email_verified"} <= claims.keys()


def test_profile_requires_login(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/profile"


def test_login_required_answers_json_clients_with_401(client):
    response = client.get("/profile", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.get_json()["error"] == "login_required"


def test_home_offers_login_and_signup_when_logged_out(client):
    page = client.get("/").get_data(as_text=True)
    assert '<a id="login-link" class="button" href="/login">Log in</a>' in page
    assert 'id="signup-link" class="button secondary" href="/login?screen_hint=signup"' in page
    assert 'id="forgot-password-help"' in page and "<strong>Forgot password?</strong>" in page
    assert 'id="logout-button"' not in page
