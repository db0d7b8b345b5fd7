"""Logout endpoints, /userinfo, discovery and the tenant's keys."""

from __future__ import annotations

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp, hidden_fields, query_of
from tests.support.tenant import JANE, demo_password

pytestmark = pytest.mark.mock
ISSUER = "http://127.0.0.1:4000/"


def test_discovery_document_points_at_auth0_paths(http):
    doc = http.get("/.well-known/openid-configuration").json()
    assert doc["issuer"] == ISSUER
    for key, path in [("authorization_endpoint", "authorize"), ("token_endpoint", "oauth/token"),
                      ("userinfo_endpoint", "userinfo"), ("jwks_uri", ".well-known/jwks.json"),
                      ("end_session_endpoint", "oidc/logout")]:
        assert doc[key] == ISSUER + path
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["id_token_signing_alg_values_supported"] == ["RS256"]


def test_jwks_publishes_an_rs256_key_that_survives_a_restart(tmp_path):
    first = create_app(tenant_overrides(tmp_path))
    keys = FlaskHttp(first.test_client()).get("/.well-known/jwks.json").json()["keys"]
    dispose(first)
    again = create_app(tenant_overrides(tmp_path))
    keys_again = FlaskHttp(again.test_client()).get("/.well-known/jwks.json").json()["keys"]
    dispose(again)
    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and keys[0]["use"] == "sig"
    assert keys[0]["kid"] and "d" not in keys[0]
    assert keys_again == keys


def test_testall_answers_ok(http):
    response = http.get("/testall")
    assert response.status == 200 and response.text == "OK"


def test_userinfo_with_a_jwt_access_token(web_flow, http):
    tokens = web_flow.login(JANE, demo_password(JANE), audience="https://api.cookbook.local/")
    info = http.get("/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.status == 200
    assert info.json()["sub"] == "auth0|230961529ac1538dcde45eb0"
    assert info.json()["email_verified"] is True


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic abc",
                                    "Bearer a.b.c"])
def test_userinfo_refuses_bad_tokens(http, header):
    response = http.get("/userinfo", headers={"Authorization": header} if header else None)
    assert response.status == 401
    assert response.json()["error"] == "invalid_token"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.scenario("b2c.phase1.logout.logout")
def test_oidc_logout_with_hint_ends_the_session_and_returns_with_state(web_flow, http, logs):
    tokens = web_flow.login(JANE, demo_password(JANE))
    response = http.get("/oidc/logout", params={
        "id_token_hint": tokens["id_token"], "client_id": web_flow.client_id,
        "post_logout_redirect_uri": "http://localhost:5000/logged-out", "state": "bye"})
    assert response.status == 302
    assert response.location == "http://localhost:5000/logged-out?state=bye"
    assert "idp_main_session=;" in response.headers.get("Set-Cookie", "")
    assert query_of(web_flow.authorize(prompt="none").location)["error"] == "login_required"
    assert logs("slo")[0]["user_id"] == "auth0|230961529ac1538dcde45eb0"


def test_logout_hint_also_ends_another_session_of_the_same_user(web_flow, http, tenant_app):
    from joserfc import jwt

    other = CodeFlow(FlaskHttp(tenant_app.test_client()), web_flow.client_id,
                     web_flow.redirect_uri, web_flow.client_secret)
    elsewhere = other.login(JANE, demo_password(JANE))
    sid = jwt.decode(elsewhere["id_token"],
                     tenant_app.extensions["mock_idp.keys"].signing_key).claims["sid"]
    here = web_flow.login(JANE, demo_password(JANE))
    response = http.get("/oidc/logout", params={"id_token_hint": here["id_token"],
                                                "logout_hint": sid})
    assert response.status == 200
    assert query_of(web_flow.authorize(prompt="none").location)["error"] == "login_required"
    assert query_of(other.authorize(prompt="none").location)["error"] == "login_required"


def test_logout_hint_cannot_end_someone_elses_session(web_flow, http, tenant_app):
    from joserfc import jwt

    from tests.support.tenant import SAM

    other = CodeFlow(FlaskHttp(tenant_app.test_client()), web_flow.client_id,
                     web_flow.redirect_uri, web_flow.client_secret)
    sams = other.login(SAM, demo_password(SAM))
    sid = jwt.decode(sams["id_token"], tenant_app.extensions["mock_idp.keys"].signing_key).claims["sid"]
    here = web_flow.login(JANE, demo_password(JANE))
    http.get("/oidc/logout", params={"id_token_hint": here["id_token"], "logout_hint": sid})
    assert "code" in query_of(other.authorize(prompt="none").location), "Sam stays logged in"


def test_oidc_logout_without_hint_asks_for_confirmation_first(web_flow, http):
    web_flow.login(JANE, demo_password(JANE))
    params = {"client_id": web_flow.client_id,
              "post_logout_redirect_uri": "http://localhost:5000/logged-out"}
    page = http.get("/oidc/logout", params=params)
    assert page.status == 200 and "Log out?" in page.text
    assert "code" in query_of(web_flow.authorize(prompt="none").location), "still logged in"
    confirmed = http.post("/oidc/logout", data=hidden_fields(page.text))
    assert confirmed.status == 302 and confirmed.location == "http://localhost:5000/logged-out"
    assert query_of(web_flow.authorize(prompt="none").location)["error"] == "login_required"


def test_oidc_logout_confirmation_needs_its_csrf_token(web_flow, http):
    web_flow.login(JANE, demo_password(JANE))
    refused = http.post("/oidc/logout", data={"client_id": web_flow.client_id})
    assert refused.status == 403
    assert "code" in query_of(web_flow.authorize(prompt="none").location)


@pytest.mark.scenario("b2c.phase1.logout.logout")
def test_v2_logout_redirects_only_to_allowed_urls(web_flow, http, logs):
    web_flow.login(JANE, demo_password(JANE))
    response = http.get("/v2/logout", params={"client_id": web_flow.client_id,
                                              "returnTo": "http://localhost:5000/"})
    assert response.status == 302 and response.location == "http://localhost:5000/"
    assert query_of(web_flow.authorize(prompt="none").location)["error"] == "login_required"
    assert logs("slo")


def test_v2_logout_without_client_uses_the_tenant_allow_list(http):
    assert http.get("/v2/logout", params={"returnTo": "http://localhost:5000/"}).status == 302
    refused = http.get("/v2/logout", params={"returnTo": "http://localhost:5003/"})
    assert refused.status == 400 and "Location" not in refused.headers


def test_v2_logout_without_return_url_shows_a_page(http):
    response = http.get("/v2/logout")
    assert response.status == 200 and "You are logged out" in response.text


def test_a_database_from_an_older_schema_is_set_aside(tmp_path):
    import sqlite3

    path = tmp_path / "tenant.db"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE users (user_id TEXT PRIMARY KEY)")
    app = create_app(tenant_overrides(tmp_path))
    try:
        assert FlaskHttp(app.test_client()).get("/testall").text == "OK"
    finally:
        dispose(app)
    assert list(tmp_path.glob("tenant.db.bak-*")), "the old file is kept beside the new one"
    again = create_app(tenant_overrides(tmp_path))  # same schema: reused, nothing set aside
    dispose(again)
    assert len(list(tmp_path.glob("tenant.db.bak-*"))) == 1
