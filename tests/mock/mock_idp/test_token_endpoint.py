"""``/oauth/token``: codes, refresh-token rotation, client credentials and Auth0's errors."""

from __future__ import annotations

import base64

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support.flows import CodeFlow
from tests.support.tenant import AUDIENCE, JANE, demo_password

pytestmark = pytest.mark.mock


def claims_of(http, token: str) -> dict:
    keys = KeySet.import_key_set(http.get("/.well-known/jwks.json").json())
    return jwt.decode(token, keys, algorithms=["RS256"]).claims


def offline(web_flow) -> dict:
    web_flow.scope = "openid profile offline_access read:orders"
    return web_flow.login(JANE, demo_password(JANE), audience=AUDIENCE)


def test_a_code_is_single_use_and_a_replay_revokes_what_it_issued(web_flow, logs):
    response = web_flow.authorize(scope="openid offline_access")
    code = web_flow.code_from(web_flow.submit_login(response.location, JANE, demo_password(JANE)))
    first = web_flow.exchange(code)
    assert first.status == 200
    replay = web_flow.exchange(code)
    assert replay.status == 403
    assert replay.json() == {"error": "invalid_grant", "error_description": "Invalid authorization code"}
    refreshed = web_flow.refresh(first.json()["refresh_token"])
    assert refreshed.status == 403, "the refresh token issued from the replayed code is revoked"
    assert logs("feacft")


def test_code_redemption_checks_redirect_uri_and_client(web_flow, clients, http):
    response = web_flow.authorize()
    code = web_flow.code_from(web_flow.submit_login(response.location, JANE, demo_password(JANE)))
    wrong_uri = web_flow.exchange(code, redirect_uri="http://localhost:5000/other")
    assert wrong_uri.status == 403 and wrong_uri.json()["error"] == "invalid_grant"
    rewards = clients["Travel0 Rewards"]
    other = web_flow.exchange(code, client_id=rewards["client_id"],
                              client_secret=rewards["client_secret"])
    assert other.status == 403 and other.json()["error"] == "invalid_grant"


def test_wrong_code_verifier_is_refused(web_flow):
    response = web_flow.authorize()
    code = web_flow.code_from(web_flow.submit_login(response.location, JANE, demo_password(JANE)))
    refused = web_flow.exchange(code, code_verifier="x" * 50)
    assert refused.status == 403
    assert refused.json() == {"error": "invalid_grant",
                              "error_description": "Failed to verify code verifier"}


def test_expired_code_is_refused(web_flow, http):
    response = web_flow.authorize()
    code = web_flow.code_from(web_flow.submit_login(response.location, JANE, demo_password(JANE)))
    http.post("/_cookbook/clock", json={"advance": 120})
    assert web_flow.exchange(code).json()["error"] == "invalid_grant"


def test_refresh_token_rotates_and_reuse_revokes_the_family(web_flow, http, logs):
    tokens = offline(web_flow)
    first_rt = tokens["refresh_token"]
    rotated = web_flow.refresh(first_rt)
    assert rotated.status == 200
    second_rt = rotated.json()["refresh_token"]
    assert second_rt != first_rt
    claims = claims_of(http, rotated.json()["access_token"])
    assert claims["permissions"] == ["create:orders", "read:orders"]
    reuse = web_flow.refresh(first_rt)
    assert reuse.status == 403
    assert reuse.json() == {"error": "invalid_grant",
                            "error_description": "Unknown or invalid refresh token."}
    assert web_flow.refresh(second_rt).status == 403, "the whole family is revoked after reuse"
    assert logs("ferrt") and logs("sertft") and logs("fertft")


def test_refresh_keeps_id_token_claims_and_session(web_flow, http):
    tokens = offline(web_flow)
    fresh = web_flow.refresh(tokens["refresh_token"]).json()
    before, after = claims_of(http, tokens["id_token"]), claims_of(http, fresh["id_token"])
    assert after["sub"] == before["sub"] and after["sid"] == before["sid"]
    assert after["auth_time"] == before["auth_time"]
    assert "nonce" not in after


def test_refresh_token_needs_offline_access(web_flow):
    tokens = web_flow.login(JANE, demo_password(JANE), audience=AUDIENCE)
    assert "refresh_token" not in tokens


def test_refresh_token_belongs_to_its_client(web_flow, clients):
    tokens = offline(web_flow)
    rewards = clients["Travel0 Rewards"]
    stolen = web_flow.refresh(tokens["refresh_token"], client_id=rewards["client_id"],
                              client_secret=rewards["client_secret"])
    assert stolen.status == 403 and stolen.json()["error"] == "invalid_grant"


def test_refresh_token_expires_when_idle(web_flow, http):
    tokens = offline(web_flow)
    http.post("/_cookbook/clock", json={"advance": 1296000 + 60})
    assert web_flow.refresh(tokens["refresh_token"]).status == 403


def m2m(http, clients, **body):
    reports = clients["Travel0 Reports"]
    data = {"grant_type": "client_credentials", "client_id": reports["client_id"],
            "client_secret": reports["client_secret"], "audience": AUDIENCE, **body}
    return http.post("/oauth/token", data={k: v for k, v in data.items() if v is not None})


@pytest.mark.scenario("b2b.phase2.authorization.m2m")
def test_client_credentials_token_is_shaped_like_auth0(http, clients, logs):
    response = m2m(http, clients)
    assert response.status == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["scope"] == "read:reports"
    claims = claims_of(http, body["access_token"])
    client_id = clients["Travel0 Reports"]["client_id"]
    assert claims["gty"] == "client-credentials"
    assert claims["sub"] == f"{client_id}@clients" and claims["azp"] == client_id
    assert claims["aud"] == AUDIENCE
    assert claims["permissions"] == ["read:reports"]
    assert logs("seccft")[0]["client_id"] == client_id


def test_client_credentials_accepts_basic_auth_and_json(http, clients):
    reports = clients["Travel0 Reports"]
    basic = base64.b64encode(f"{reports['client_id']}:{reports['client_secret']}".encode()).decode()
    by_basic = http.post("/oauth/token", data={"grant_type": "client_credentials",
                                               "audience": AUDIENCE},
                         headers={"Authorization": f"Basic {basic}"})
    assert by_basic.status == 200
    by_json = http.post("/oauth/token", json={"grant_type": "client_credentials",
                                              "client_id": reports["client_id"],
                                              "client_secret": reports["client_secret"],
                                              "audience": AUDIENCE})
    assert by_json.status == 200


@pytest.mark.parametrize("body,status,error,description", [
    ({"audience": None}, 403, "access_denied", "No audience parameter was provided"),
    ({"audience": "https://unknown.example/"}, 403, "access_denied", "Service not found"),
    ({"scope": "read:orders"}, 403, "access_denied", "Client has not been granted scopes: read:orders"),
    ({"client_secret": "wrong"}, 401, "access_denied", "Unauthorized"),
    ({"client_id": "unknown-client"}, 401, "access_denied", "Unauthorized"),
    ({"client_id": None, "client_secret": None}, 401, "invalid_client",
     "Client authentication is required"),
])
def test_client_credentials_errors(http, clients, logs, body, status, error, description):
    response = m2m(http, clients, **body)
    assert response.status == status
    assert response.json()["error"] == error
    assert response.json()["error_description"].startswith(description)
    assert logs("feccft")


def test_client_without_a_grant_for_the_api_is_refused(http, clients):
    web = clients["Travel0 Web"]
    response = http.post("/oauth/token", data={"grant_type": "client_credentials",
                                               "client_id": web["client_id"],
                                               "client_secret": web["client_secret"],
                                               "audience": AUDIENCE})
    assert response.status == 403
    assert response.json()["error"] == "unauthorized_client"


def test_unknown_and_missing_grant_types(http, clients):
    web = clients["Travel0 Web"]
    unknown = http.post("/oauth/token", data={"grant_type": "magic", "client_id": web["client_id"]})
    assert unknown.status == 403 and unknown.json()["error"] == "unsupported_grant_type"
    missing = http.post("/oauth/token", data={"client_id": web["client_id"]})
    assert missing.status == 400 and missing.json() == {
        "error": "invalid_request", "error_description": "Missing required parameter: grant_type"}


def test_public_client_must_prove_pkce_at_the_token_endpoint(http, clients):
    mobile = clients["Travel0 Mobile"]
    flow = CodeFlow(http, mobile["client_id"], "com.travel0.mobile://callback")
    response = flow.authorize()
    code = flow.code_from(flow.submit_login(response.location, JANE, demo_password(JANE)))
    missing = flow.exchange(code, code_verifier=None)
    assert missing.status == 400 and missing.json()["error"] == "invalid_request"
    response = flow.authorize()
    code = flow.code_from(response)  # SSO: the session from the first login
    assert flow.exchange(code).status == 200


def test_token_responses_are_not_cacheable(web_flow, http, clients):
    response = m2m(http, clients)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"].startswith("application/json")
