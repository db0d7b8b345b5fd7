"""The main tenant's own Actions at work: namespaced claims in user and machine tokens,
again on refresh, and the blocked sign-up domain."""

from __future__ import annotations

import json

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support.flows import CodeFlow, hidden_fields
from tests.support.tenant import AUDIENCE, JANE, MAX, SAM, TENANTS, demo_password

pytestmark = pytest.mark.mock
ROLES = "https://travel0.example/roles"
PERMISSIONS = "https://travel0.example/permissions"


def decode(http, token: str) -> dict:
    keys = KeySet.import_key_set(http.get("/.well-known/jwks.json").json())
    return jwt.decode(token, keys, algorithms=["RS256"]).claims


@pytest.mark.scenario("b2c.phase1.authorization.id-token-claims")
@pytest.mark.scenario("b2b.phase1.authorization.id-token-claims")
def test_id_and_access_tokens_carry_namespaced_roles_and_permissions(web_flow, http):
    tokens = web_flow.login(JANE, demo_password(JANE), audience=AUDIENCE,
                            scope="openid profile read:orders")
    for token in (tokens["id_token"], tokens["access_token"]):
        claims = decode(http, token)
        assert claims[ROLES] == ["customer"]
        assert claims[PERMISSIONS] == ["create:orders", "read:orders"]
    assert decode(http, tokens["access_token"])["scope"] == "openid profile read:orders"


@pytest.mark.scenario("b2c.phase1.authorization.id-token-claims")
def test_claims_follow_each_users_roles(web_flow, http):
    sam = decode(http, web_flow.login(SAM, demo_password(SAM))["id_token"])
    assert sam[ROLES] == ["support"] and sam[PERMISSIONS] == ["read:orders", "read:reports"]


def test_a_user_without_roles_gets_empty_claims(http, clients):
    web = clients["Travel0 Web"]
    flow = CodeFlow(http, web["client_id"], "http://localhost:5000/callback", web["client_secret"])
    claims = decode(http, flow.login(MAX, demo_password(MAX))["id_token"])
    assert claims[ROLES] == [] and claims[PERMISSIONS] == []


def test_single_sign_on_runs_post_login_too(web_flow, http, logs):
    web_flow.login(JANE, demo_password(JANE))
    again = web_flow.authorize()
    assert "code=" in again.location, "answered from the SSO session"
    claims = decode(http, web_flow.exchange(web_flow.code_from(again)).json()["id_token"])
    assert claims[ROLES] == ["customer"]
    runs = [e for e in logs("s") if e["details"].get("single_sign_on")]
    assert runs[0]["details"]["actions"]["executions"][0]["action_name"] == "add-roles-claims"


def test_refresh_runs_post_login_again(web_flow, http, logs):
    web_flow.scope = "openid offline_access read:orders"
    tokens = web_flow.login(JANE, demo_password(JANE), audience=AUDIENCE)
    refreshed = web_flow.refresh(tokens["refresh_token"])
    assert refreshed.status == 200
    assert decode(http, refreshed.json()["access_token"])[ROLES] == ["customer"]
    assert decode(http, refreshed.json()["id_token"])[ROLES] == ["customer"]
    run = logs("sertft")[0]["details"]["actions"]["executions"]
    assert [e["action_name"] for e in run] == ["add-roles-claims", "add-org-claims"]


def test_machine_tokens_carry_the_credentials_exchange_claims(http, clients, logs):
    reports = clients["Travel0 Reports"]
    response = http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": reports["client_id"],
        "client_secret": reports["client_secret"], "audience": AUDIENCE})
    assert response.status == 200
    claims = decode(http, response.json()["access_token"])
    assert claims["https://travel0.example/client_name"] == "Travel0 Reports"
    assert claims["https://travel0.example/tier"] == "internal"
    assert claims["gty"] == "client-credentials" and claims["sub"].endswith("@clients")
    executions = logs("seccft")[0]["details"]["actions"]["executions"]
    assert executions[0]["action_name"] == "tag-m2m-tokens"


def blocked_domain() -> str:
    return json.loads((TENANTS / "env" / "dev.json").read_text())["BLOCKED_SIGNUP_DOMAIN"]


def test_sign_up_from_the_blocked_domain_is_refused_with_the_actions_message(web_flow, http, logs):
    page = http.get(web_flow.authorize(screen_hint="signup").location)
    email = f"someone@{blocked_domain()}"
    refused = http.post("/u/signup", data={**hidden_fields(page.text), "email": email,
                                           "password": "A-much-Better-pass-42"})
    assert refused.status == 400
    assert 'id="error-element-email"' in refused.text
    assert "Sign-ups with this email domain are not allowed." in refused.text
    failure = logs("fs")[0]
    assert failure["description"] == f"Sign-up from the blocked domain {blocked_domain()}"
    assert failure["details"]["actions"]["executions"][0]["logs"] == [
        f"refused a sign-up from {blocked_domain()}"]
    assert not logs("ss"), "no user was created"


def test_sign_up_from_another_domain_goes_through(web_flow, http, logs):
    page = http.get(web_flow.authorize(screen_hint="signup").location)
    done = http.post("/u/signup", data={**hidden_fields(page.text), "email": "new@example.com",
                                        "password": "A-much-Better-pass-42"})
    claims = decode(http, web_flow.exchange(web_flow.code_from(done)).json()["id_token"])
    assert claims[ROLES] == [] and claims["email"] == "new@example.com"
    executions = logs("ss")[0]["details"]["actions"]["executions"]
    assert executions[0]["action_name"] == "block-signup-domain"
