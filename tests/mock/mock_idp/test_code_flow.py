"""The authorization code flow of the mock tenant, as an app and a browser see it."""

from __future__ import annotations

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support.flows import CodeFlow, hidden_fields, query_of
from tests.support.tenant import AUDIENCE, JANE, MAX, demo_password

pytestmark = pytest.mark.mock
ISSUER = "http://127.0.0.1:4000/"


def decode(http, token: str) -> dict:
    keys = KeySet.import_key_set(http.get("/.well-known/jwks.json").json())
    return jwt.decode(token, keys, algorithms=["RS256"]).claims


@pytest.mark.scenario("b2c.phase1.authentication.universal-login")
def test_authorize_sends_the_browser_to_universal_login(web_flow, http):
    response = web_flow.authorize()
    assert response.status == 302
    assert response.location.startswith("/u/login/identifier?state=")  # identifier first
    page = http.get(response.location)
    assert page.status == 200
    for element in ('id="username"', 'name="action" value="default"', 'type="submit"',
                    'for="username"'):
        assert element in page.text
    assert 'id="password"' not in page.text and "Travel0 Web" in page.text
    step = http.post("/u/login/identifier", data={**hidden_fields(page.text),
                                                  "username": JANE, "action": "default"})
    assert step.status == 302 and step.location.startswith("/u/login/password?state=")
    page = http.get(step.location)
    for element in ('id="password"', 'for="password"', 'name="action" value="default"'):
        assert element in page.text
    assert JANE in page.text and 'id="edit-identifier-link"' in page.text


@pytest.mark.scenario("b2c.phase1.authentication.username-password")
def test_login_issues_code_and_tokens_shaped_like_auth0(web_flow, http):
    tokens = web_flow.login(JANE, demo_password(JANE))
    assert tokens["token_type"] == "Bearer"
    claims = decode(http, tokens["id_token"])
    assert claims["iss"] == ISSUER
    assert claims["sub"] == "auth0|230961529ac1538dcde45eb0"
    assert claims["aud"] == web_flow.client_id
    assert claims["nonce"] == web_flow.nonce
    assert claims["exp"] - claims["iat"] == 36000
    assert claims["email"] == JANE and claims["email_verified"] is True
    assert claims["name"] == "Jane Traveller" and claims["nickname"] == "jane"
    assert {"sid", "auth_time", "picture", "updated_at"} <= set(claims)


def test_access_token_for_an_api_carries_scope_permissions_and_userinfo_audience(web_flow, http):
    tokens = web_flow.login(JANE, demo_password(JANE), audience=AUDIENCE,
                            scope="openid profile read:orders read:reports")
    claims = decode(http, tokens["access_token"])
    assert claims["aud"] == [AUDIENCE, ISSUER + "userinfo"]
    assert claims["azp"] == web_flow.client_id
    assert claims["sub"] == "auth0|230961529ac1538dcde45eb0"
    # RBAC: read:reports was asked for but Jane's role does not hold it
    assert claims["scope"] == "openid profile read:orders"
    assert claims["permissions"] == ["create:orders", "read:orders"]
    assert tokens["expires_in"] == claims["exp"] - claims["iat"] == 86400
    assert "gty" not in claims


def test_without_openid_the_access_token_audience_is_only_the_api(web_flow, http):
    web_flow.scope = "read:orders"
    tokens = web_flow.login(JANE, demo_password(JANE), audience=AUDIENCE)
    assert decode(http, tokens["access_token"])["aud"] == AUDIENCE
    assert "id_token" not in tokens


@pytest.mark.scenario("b2b.phase2.authorization.roles-permissions")
def test_user_without_roles_gets_no_api_scopes_and_empty_permissions(web_flow, http):
    tokens = web_flow.login(MAX, demo_password(MAX), audience=AUDIENCE,
                            scope="openid read:orders")
    claims = decode(http, tokens["access_token"])
    assert claims["scope"] == "openid"
    assert claims["permissions"] == []


def test_without_audience_the_access_token_is_opaque_and_only_good_for_userinfo(web_flow, http):
    tokens = web_flow.login(JANE, demo_password(JANE))
    assert tokens["access_token"].count(".") != 2
    info = http.get("/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.status == 200
    assert info.json()["sub"] == "auth0|230961529ac1538dcde45eb0"
    assert info.json()["email"] == JANE


@pytest.mark.scenario("b2c.phase1.authentication.application-integration")
def test_second_client_logs_in_through_sso_without_a_password(web_flow, http, clients):
    first = web_flow.login(JANE, demo_password(JANE))
    rewards = clients["Travel0 Rewards"]
    second = CodeFlow(http, rewards["client_id"], "http://localhost:5003/callback",
                      rewards["client_secret"])
    response = second.authorize()
    assert response.location.startswith("http://localhost:5003/callback?"), "no login page"
    tokens = second.exchange(second.code_from(response)).json()
    first_claims = decode(http, first["id_token"])
    second_claims = decode(http, tokens["id_token"])
    assert second_claims["sub"] == first_claims["sub"]
    assert second_claims["sid"] == first_claims["sid"]
    assert second_claims["aud"] == rewards["client_id"]


def test_prompt_none_without_session_returns_login_required(web_flow):
    response = web_flow.authorize(prompt="none")
    answer = query_of(response.location)
    assert response.location.startswith("http://localhost:5000/callback?")
    assert answer["error"] == "login_required"
    assert answer["state"] == web_flow.state


def test_prompt_none_with_session_is_silent(web_flow, logs):
    web_flow.login(JANE, demo_password(JANE))
    response = web_flow.authorize(prompt="none")
    assert "code" in query_of(response.location)
    assert logs("ssa"), "silent authentication is logged as ssa"


def test_prompt_login_asks_again_despite_the_session(web_flow):
    web_flow.login(JANE, demo_password(JANE))
    assert web_flow.authorize(prompt="login").location.startswith("/u/login")


def test_max_age_forces_a_fresh_login_when_the_session_is_older(web_flow, http):
    web_flow.login(JANE, demo_password(JANE))
    http.post("/_cookbook/clock", json={"advance": 120})
    assert web_flow.authorize(max_age="60").location.startswith("/u/login")
    assert "code" in query_of(web_flow.authorize(max_age="3600").location)
    assert query_of(web_flow.authorize(max_age="60", prompt="none").location)["error"] == \
        "login_required"


def test_auth_time_reports_the_original_login_after_sso(web_flow, http):
    first = decode(http, web_flow.login(JANE, demo_password(JANE))["id_token"])
    http.post("/_cookbook/clock", json={"advance": 30})
    again = decode(http, web_flow.login(JANE, "not needed")["id_token"])
    assert again["auth_time"] == first["auth_time"]
    assert again["iat"] >= first["iat"] + 30


def test_login_hint_prefills_the_username(web_flow, http):
    page = http.get(web_flow.authorize(login_hint=JANE).location)
    assert f'value="{JANE}"' in page.text


def test_screen_hint_signup_opens_the_signup_page(web_flow, http):
    response = web_flow.authorize(screen_hint="signup")
    assert response.location.startswith("/u/signup?state=")
    page = http.get(response.location)
    assert 'id="email"' in page.text and 'id="password"' in page.text


def test_signup_creates_the_user_and_logs_in(web_flow, http, logs):
    page = http.get(web_flow.authorize(screen_hint="signup").location)
    weak = http.post("/u/signup", data={**hidden_fields(page.text), "email": "new@example.com",
                                        "password": "short"})
    assert weak.status == 400 and 'id="error-element-password"' in weak.text
    done = http.post("/u/signup", data={**hidden_fields(page.text), "email": "new@example.com",
                                        "password": "A-much-Better-pass-42"})
    claims = decode(http, web_flow.exchange(web_flow.code_from(done)).json()["id_token"])
    assert claims["email"] == "new@example.com" and claims["sub"].startswith("auth0|")
    assert [event["type"] for event in logs("ss")] == ["ss"]
    assert logs("fs"), "the refused weak password is logged as fs"


def test_response_mode_form_post_answers_with_an_auto_submitting_form(web_flow, http):
    first = web_flow.authorize(response_mode="form_post")
    response = web_flow.submit_login(first.location, JANE, demo_password(JANE))
    assert response.status == 200
    assert 'action="http://localhost:5000/callback"' in response.text
    fields = hidden_fields(response.text)
    assert fields["state"] == web_flow.state and fields["code"]
    assert web_flow.exchange(fields["code"]).status == 200


@pytest.mark.scenario("b2c.phase1.authentication.username-password")
@pytest.mark.parametrize("email", [JANE, "nobody@travel0.example"])
def test_wrong_credentials_show_the_same_message_for_known_and_unknown_users(web_flow, email):
    response = web_flow.submit_login(web_flow.authorize().location, email, "Wrong-Password-1")
    assert response.status == 400
    assert 'id="error-element-password"' in response.text
    assert "Wrong email or password" in response.text


def test_login_events_use_auth0_type_codes(web_flow, logs):
    location = web_flow.authorize().location
    web_flow.submit_login(location, JANE, "Wrong-Password-1")
    web_flow.submit_login(location, "nobody@travel0.example", "Wrong-Password-1")
    web_flow.exchange(web_flow.code_from(web_flow.submit_login(location, JANE, demo_password(JANE))))
    types = [event["type"] for event in logs()]
    assert types[:4] == ["seacft", "s", "fu", "fp"]
    success = logs("s")[0]
    assert success["client_id"] == web_flow.client_id
    assert success["user_id"] == "auth0|230961529ac1538dcde45eb0"
    assert success["connection"] == "Username-Password-Authentication"
    assert len(success["log_id"]) == 56 and success["date"].endswith("Z")
