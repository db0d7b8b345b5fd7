"""Attacks through and against Actions: claims Auth0 refuses, data leaking between users
through shared state, forged or replayed ``/continue`` states, unsafe redirect targets."""

from __future__ import annotations

import json

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from mock_idp.management.scopes import audience as management_audience
from tests.support.actions import ActionFile
from tests.support.flows import FlaskHttp, hidden_fields, query_of
from tests.support.tenant import AUDIENCE, JANE, SAM, demo_password

pytestmark = pytest.mark.security
ISSUER = "http://127.0.0.1:4000/"


def decode(tenant, token: str) -> dict:
    keys = KeySet.import_key_set(tenant.http.get("/.well-known/jwks.json").json())
    return jwt.decode(token, keys, algorithms=["RS256"]).claims


FORBIDDEN = """
for (const token of [api.idToken, api.accessToken]) {
  for (const name of ['sub', 'aud', 'iss', 'exp', 'iat', 'azp', 'nonce', 'auth_time', 'sid',
                      'scope', 'permissions', 'gty', 'org_id', 'org_name',
                      'https://auth0.com/admin', 'https://x.webtask.io/y', 'urn:auth0:z']) {
    token.setCustomClaim(name, 'forged');
  }
}
api.idToken.setCustomClaim('email', 'someone-else@travel0.example');
api.idToken.setCustomClaim('https://travel0.example/fine', true);
"""


@pytest.mark.scenario("b2c.phase1.authorization.id-token-claims")
def test_restricted_claims_are_dropped_and_logged(actions_tenant):
    tenant = actions_tenant(ActionFile("forger", "post-login", FORBIDDEN))
    flow = tenant.flow()
    flow.scope = "openid profile email"
    tokens = flow.login(JANE, demo_password(JANE), audience=AUDIENCE)
    id_claims = decode(tenant, tokens["id_token"])
    access = decode(tenant, tokens["access_token"])
    assert "forged" not in id_claims.values() and "forged" not in access.values()
    assert id_claims["email"] == JANE and id_claims["nonce"] == flow.nonce
    assert access["aud"] == [AUDIENCE, ISSUER + "userinfo"]
    assert id_claims["https://travel0.example/fine"] is True
    refused = tenant.logs("w")[0]["details"]["refused_claims"]
    assert {(r["claim"], r["token"]) for r in refused} >= {
        ("sub", "id_token"), ("sub", "access_token"), ("email", "id_token"),
        ("https://auth0.com/admin", "access_token"), ("urn:auth0:z", "id_token")}


def test_non_namespaced_claims_never_reach_a_management_api_token(actions_tenant):
    tenant = actions_tenant(ActionFile("private", "post-login",
                                       "api.accessToken.setCustomClaim('tier', 'gold');"
                                       "api.accessToken.setCustomClaim('https://travel0.example/t', 1);"))
    flow = tenant.flow()
    tokens = flow.login(JANE, demo_password(JANE), audience=management_audience(ISSUER))
    claims = decode(tenant, tokens["access_token"])
    assert "tier" not in claims and claims["https://travel0.example/t"] == 1
    assert tenant.logs("w")[0]["details"]["refused_claims"][0]["claim"] == "tier"


def test_an_action_cannot_carry_one_users_data_into_anothers_login(actions_tenant):
    tenant = actions_tenant(ActionFile("nosy", "post-login",
                                       "globalThis.seen = (globalThis.seen || []).concat([event.user.email]);"
                                       "api.idToken.setCustomClaim('https://travel0.example/seen', seen);"))
    jane = decode(tenant, tenant.flow().login(JANE, demo_password(JANE))["id_token"])
    other_browser = tenant.__class__(tenant.app, FlaskHttp(tenant.app.test_client()))
    sam = decode(tenant, other_browser.flow().login(SAM, demo_password(SAM))["id_token"])
    assert jane["https://travel0.example/seen"] == [JANE]
    assert sam["https://travel0.example/seen"] == [SAM]


def test_secrets_and_credentials_stay_out_of_the_event(actions_tenant):
    tenant = actions_tenant(ActionFile("dump", "post-login",
                                       "console.log(JSON.stringify(event.secrets));"
                                       "console.log(JSON.stringify(event.request.query));"
                                       "console.log(JSON.stringify(event.request.body || {}));"))
    flow = tenant.flow()
    flow.scope = "openid offline_access"
    tokens = flow.login(JANE, demo_password(JANE), audience=AUDIENCE)
    assert flow.refresh(tokens["refresh_token"]).status == 200
    runs = [e["details"]["actions"]["executions"][-1]["logs"]
            for e in tenant.logs("s") + tenant.logs("sertft")]
    assert len(runs) == 2
    for secrets, query, body in runs:
        assert json.loads(secrets) == {}, "another Action's secrets are not visible"
        for value in (demo_password(JANE), flow.client_secret, tokens["refresh_token"]):
            assert value not in query and value not in body
    assert json.loads(runs[1][2])["grant_type"] == "refresh_token"


ACTION_REDIRECT = ("api.redirect.sendUserTo('https://consent.travel0.example/', "
                   "{query: {next: 'x'}});")


def paused(actions_tenant):
    tenant = actions_tenant(ActionFile("consent", "post-login", code=(
        "exports.onExecutePostLogin = async (event, api) => {" + ACTION_REDIRECT + "};"
        "exports.onContinuePostLogin = async () => {};")))
    flow = tenant.flow()
    answer = flow.submit_login(flow.authorize().location, JANE, demo_password(JANE))
    return tenant, flow, query_of(answer.location)["state"]


def assert_error_page(response, status: int, text: str):
    assert response.status == status
    assert "Location" not in response.headers
    assert text in response.text


def test_a_forged_continue_state_gets_an_error_page(actions_tenant):
    tenant, _, _ = paused(actions_tenant)
    assert_error_page(tenant.http.get("/continue", params={"state": "forged"}), 400,
                      "can no longer be continued")
    assert_error_page(tenant.http.get("/continue"), 400, "can no longer be continued")


def test_a_continue_state_is_single_use(actions_tenant):
    tenant, _flow, state = paused(actions_tenant)
    first = tenant.http.get("/continue", params={"state": state})
    assert first.location.startswith("http://localhost:5000/callback?")
    assert_error_page(tenant.http.get("/continue", params={"state": state}), 400,
                      "already continued")


def test_a_continue_state_only_works_in_the_browser_that_logged_in(actions_tenant):
    tenant, _, state = paused(actions_tenant)
    stranger = FlaskHttp(tenant.app.test_client())
    assert_error_page(stranger.get("/continue", params={"state": state}), 403, "another browser")
    assert tenant.http.get("/continue", params={"state": state}).status == 302, "still usable"


def test_a_continue_state_expires(actions_tenant):
    tenant, _, state = paused(actions_tenant)
    tenant.http.post("/_cookbook/clock", json={"advance": 3601})
    assert_error_page(tenant.http.get("/continue", params={"state": state}), 400,
                      "can no longer be continued")


@pytest.mark.parametrize("target", ["javascript:alert(document.cookie)", "/relative/path",
                                    "data:text/html,hi"])
def test_redirect_targets_must_be_absolute_http_urls(actions_tenant, target):
    tenant = actions_tenant(ActionFile("odd", "post-login", f"api.redirect.sendUserTo({target!r});"))
    flow = tenant.flow()
    answer = flow.submit_login(flow.authorize().location, JANE, demo_password(JANE))
    assert answer.location.startswith("http://localhost:5000/callback?")
    assert query_of(answer.location)["error"] == "access_denied"


def test_the_sign_up_password_never_reaches_an_action(actions_tenant):
    tenant = actions_tenant(ActionFile("peek", "pre-user-registration",
                                       "console.log(JSON.stringify(event.request.body));"))
    flow = tenant.flow()
    page = tenant.http.get(flow.authorize(screen_hint="signup").location)
    tenant.http.post("/u/signup", data={**hidden_fields(page.text), "email": "new@example.com",
                                        "password": "A-much-Better-pass-42"})
    body = json.loads(tenant.logs("ss")[0]["details"]["actions"]["executions"][-1]["logs"][0])
    assert body["email"] == "new@example.com"
    assert "password" not in body and "_csrf" not in body


@pytest.mark.parametrize("call", [
    "%DebugPrint(event)", "%\\u0044ebugPrint(event)", "% /* hidden */ DebugPrint(event)",
    "%\nDebugPrint(event)",
])
def test_v8_natives_syntax_is_refused_however_it_is_spelled(call):
    from mock_idp.actions import engine

    engine.ensure_engine()  # the process-wide flags the driver runs with
    source = f"exports.onExecutePostLogin = async (event, api) => {{ {call}; }};"
    assert engine.compile_check(source) is not None
