"""Actions that deny, fail, redirect or change the user, in throw-away tenants: what the
application receives, what the tenant logs and what is (not) stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from mock_idp.db import get_db
from mock_idp.models import Connection, User
from mock_idp.password_change import change_password
from tests.support.actions import ActionFile
from tests.support.flows import hidden_fields, query_of
from tests.support.tenant import AUDIENCE, JANE, demo_password

pytestmark = pytest.mark.mock
CALLBACK = "http://localhost:5000/callback"
JANE_ID = "auth0|230961529ac1538dcde45eb0"


def decode(tenant, token: str) -> dict:
    keys = KeySet.import_key_set(tenant.http.get("/.well-known/jwks.json").json())
    return jwt.decode(token, keys, algorithms=["RS256"]).claims


def stored_user(tenant, user_id: str = JANE_ID) -> User:
    with tenant.app.app_context():
        return get_db().get(User, user_id)


def log_in(tenant, flow=None, **extra):
    """Authorize and submit Jane's password; the tenant's answer to the browser."""
    flow = flow or tenant.flow()
    return flow, flow.submit_login(flow.authorize(**extra).location, JANE, demo_password(JANE))


def test_deny_sends_access_denied_with_the_reason_and_logs_it(actions_tenant):
    tenant = actions_tenant(ActionFile("no-entry", "post-login",
                                       "api.user.setUserMetadata('denied_at', 'now');"
                                       "api.access.deny('Travel0 is closed for maintenance');"))
    flow, answer = log_in(tenant)
    assert answer.location.startswith(CALLBACK + "?")
    assert query_of(answer.location) == {"error": "access_denied", "state": flow.state,
                                         "error_description": "Travel0 is closed for maintenance"}
    failure = tenant.logs("f")[0]
    assert failure["description"] == "Travel0 is closed for maintenance"
    assert failure["details"]["actions"]["executions"][-1]["action_name"] == "no-entry"
    assert not tenant.logs("s")
    # Auth0: deny does not cancel the metadata changes the Action asked for
    assert stored_user(tenant).user_metadata["denied_at"] == "now"
    assert query_of(flow.authorize(prompt="none").location)["error"] == "login_required", \
        "a refused login leaves no session"


@pytest.mark.parametrize("body,description", [
    ("api.user.setUserMetadata('half', 'done'); throw new Error('Inventory service down');",
     "Inventory service down"),
    ("api.user.setUserMetadata('half', 'done'); while (true) {}",
     "Action failing did not finish within 300 ms"),
    ("api.user.setUserMetadata('half', 'done'); await new Promise(() => {});",
     "Action failing returned a promise that can never settle"),
])
def test_a_failing_action_fails_the_login_and_changes_nothing(actions_tenant, body, description):
    tenant = actions_tenant(ActionFile("failing", "post-login", body), ACTIONS_TIMEOUT_MS=300)
    began = time.monotonic()
    _flow, answer = log_in(tenant)
    assert time.monotonic() - began < 5, "the worker never hangs"
    assert query_of(answer.location)["error"] == "access_denied"
    assert query_of(answer.location)["error_description"] == description
    assert tenant.logs("f")[0]["description"] == description
    assert "half" not in stored_user(tenant).user_metadata, "no partial metadata write"


def test_metadata_set_by_actions_is_stored_when_the_login_succeeds(actions_tenant):
    tenant = actions_tenant(
        ActionFile("count", "post-login",
                   "const seen = (event.user.app_metadata.visits || 0) + 1;"
                   "api.user.setAppMetadata('visits', seen);"
                   "api.user.setUserMetadata('greeting', `visit ${seen}`);"),
        ActionFile("echo", "post-login",
                   "api.idToken.setCustomClaim('https://travel0.example/greeting',"
                   " event.user.user_metadata.greeting);"))
    for visit in (1, 2):  # the second login is answered from the SSO session
        claims = decode(tenant, tenant.flow().login(JANE, demo_password(JANE))["id_token"])
        assert claims["https://travel0.example/greeting"] == f"visit {visit}"
    user = stored_user(tenant)
    assert user.app_metadata["visits"] == 2 and user.user_metadata["greeting"] == "visit 2"


def test_scopes_and_mfa_requests_reach_the_code(actions_tenant):
    tenant = actions_tenant(ActionFile("shape", "post-login",
                                       "api.accessToken.removeScope('profile');"
                                       "api.accessToken.addScope('read:loyalty');"
                                       "api.multifactor.enable('any', {allowRememberBrowser: false});"))
    flow = tenant.flow()
    flow.scope = "openid profile read:orders"
    tokens = flow.login(JANE, demo_password(JANE), audience=AUDIENCE)
    assert decode(tenant, tokens["access_token"])["scope"] == "openid read:orders read:loyalty"
    assert tokens["scope"] == "openid read:orders read:loyalty"
    assert decode(tenant, tokens["id_token"])["name"] == "Jane Traveller", "ID token unchanged"
    assert tenant.logs("s")[0]["details"]["actions"]["multifactor"] == {
        "provider": "any", "allowRememberBrowser": False}


REDIRECT = """
exports.onExecutePostLogin = async (event, api) => {
  api.user.setUserMetadata('before', true);
  const token = api.redirect.encodeToken({secret: event.secrets.SHARED, payload: {step: 1}});
  api.redirect.sendUserTo('https://consent.travel0.example/terms', {query: {session_token: token}});
};
exports.onContinuePostLogin = async (event, api) => {
  const answer = api.redirect.validateToken({secret: event.secrets.SHARED,
                                             tokenParameterName: 'answer'});
  api.user.setUserMetadata('terms', answer.accepted);
  api.idToken.setCustomClaim('https://travel0.example/terms', answer.accepted);
};
"""


def signed(claims: dict, secret: bytes) -> str:
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = part(json.dumps(claims).encode())
    return f"{head}.{body}.{part(hmac.new(secret, f'{head}.{body}'.encode(), hashlib.sha256).digest())}"


def redirect_tenant(actions_tenant, **settings):
    return actions_tenant(ActionFile("terms", "post-login", code=REDIRECT,
                                     secrets={"SHARED": "terms-secret"}),
                          ActionFile("after", "post-login",
                                     "api.idToken.setCustomClaim('https://travel0.example/after',"
                                     " event.user.user_metadata.terms === 'yes');"), **settings)


def test_redirect_pauses_the_login_until_continue(actions_tenant):
    tenant = redirect_tenant(actions_tenant)
    flow, answer = log_in(tenant)
    assert answer.location.startswith("https://consent.travel0.example/terms?")
    sent = query_of(answer.location)
    state = sent["state"]
    session_token = sent["session_token"]
    payload = json.loads(base64.urlsafe_b64decode(session_token.split(".")[1] + "=="))
    assert payload["state"] == state and payload["sub"] == JANE_ID and payload["step"] == 1
    answer_token = signed({"state": state, "accepted": "yes", "exp": int(time.time()) + 600},
                          b"terms-secret")
    back = tenant.http.get("/continue", params={"state": state, "answer": answer_token})
    claims = decode(tenant, flow.exchange(flow.code_from(back)).json()["id_token"])
    assert claims["https://travel0.example/terms"] == "yes"
    assert claims["https://travel0.example/after"] is True, "the next Action ran after /continue"
    assert claims["https://travel0.example/roles"] == ["customer"], "shipped Action ran before"
    metadata = stored_user(tenant).user_metadata
    assert metadata["before"] is True and metadata["terms"] == "yes"
    executions = tenant.logs("s")[0]["details"]["actions"]["executions"]
    assert [(e["action_name"], e["handler"]) for e in executions] == [
        ("add-roles-claims", "onExecutePostLogin"), ("add-org-claims", "onExecutePostLogin"),
        ("terms", "onExecutePostLogin"),
        ("terms", "onContinuePostLogin"), ("after", "onExecutePostLogin")]


def test_continue_by_post_with_a_bad_token_denies_the_login(actions_tenant):
    tenant = redirect_tenant(actions_tenant)
    _flow, answer = log_in(tenant)
    state = query_of(answer.location)["state"]
    forged = signed({"state": state, "accepted": "yes"}, b"not-the-secret")
    back = tenant.http.post("/continue", data={"state": state, "answer": forged})
    assert query_of(back.location)["error"] == "access_denied"
    assert "signature does not match" in query_of(back.location)["error_description"]
    assert "terms" not in stored_user(tenant).user_metadata


def test_silent_authentication_cannot_redirect(actions_tenant):
    tenant = redirect_tenant(actions_tenant)
    flow, answer = log_in(tenant)
    state = query_of(answer.location)["state"]
    answer_token = signed({"state": state, "accepted": "yes"}, b"terms-secret")
    flow.code_from(tenant.http.get("/continue", params={"state": state, "answer": answer_token}))
    silent = query_of(flow.authorize(prompt="none").location)
    assert silent["error"] == "interaction_required"


def test_refresh_is_refused_when_post_login_denies(actions_tenant):
    tenant = actions_tenant(ActionFile("refresh-gate", "post-login",
                                       "if (event.transaction.protocol === 'oauth2-refresh-token')"
                                       " api.access.deny('Refresh is off for you');"))
    flow = tenant.flow()
    flow.scope = "openid offline_access"
    tokens = flow.login(JANE, demo_password(JANE), audience=AUDIENCE)
    refused = flow.refresh(tokens["refresh_token"])
    assert refused.status == 403
    assert refused.json() == {"error": "access_denied", "error_description": "Refresh is off for you"}
    failure = tenant.logs("fertft")[0]
    assert failure["description"] == "Refresh is off for you"
    assert failure["details"]["actions"]["executions"][-1]["action_name"] == "refresh-gate"


def test_refresh_cannot_redirect(actions_tenant):
    tenant = actions_tenant(ActionFile("nag", "post-login",
                                       "if (!api.redirect.canRedirect()) console.log('cannot');"
                                       "if (event.transaction.protocol === 'oauth2-refresh-token')"
                                       " api.redirect.sendUserTo('https://nag.example/');"))
    flow = tenant.flow()
    flow.scope = "openid offline_access"
    tokens = flow.login(JANE, demo_password(JANE), audience=AUDIENCE)
    refused = flow.refresh(tokens["refresh_token"])
    assert refused.status == 403
    assert "cannot be used during a refresh token exchange" in refused.json()["error_description"]
    assert tenant.logs("fertft")[0]["details"]["actions"]["executions"][-1]["logs"] == ["cannot"]


def m2m_token(tenant, **extra):
    reports = tenant.clients["Travel0 Reports"]
    return tenant.http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": reports["client_id"],
        "client_secret": reports["client_secret"], "audience": AUDIENCE, **extra})


@pytest.mark.parametrize("body,status,error,description", [
    ("api.access.deny('invalid_request', 'Reports are paused');", 400, "invalid_request",
     "Reports are paused"),
    ("api.access.deny('not_a_code', 'No');", 403, "access_denied", "No"),
    ("throw new Error('Quota service down');", 403, "access_denied", "Quota service down"),
])
def test_credentials_exchange_can_refuse_the_token(actions_tenant, body, status, error,
                                                   description):
    tenant = actions_tenant(ActionFile("gate", "credentials-exchange", body))
    response = m2m_token(tenant)
    assert response.status == status
    assert response.json() == {"error": error, "error_description": description}
    failure = tenant.logs("feccft")[0]
    assert failure["description"] == description
    assert failure["details"]["actions"]["executions"][-1]["action_name"] == "gate"


def signup(tenant, email: str):
    flow = tenant.flow()
    page = tenant.http.get(flow.authorize(screen_hint="signup").location)
    return flow, tenant.http.post("/u/signup", data={**hidden_fields(page.text), "email": email,
                                                     "password": "A-much-Better-pass-42"})


def test_pre_registration_metadata_is_stored_and_post_registration_failures_do_not_undo(
        actions_tenant):
    tenant = actions_tenant(
        ActionFile("welcome", "pre-user-registration",
                   "api.user.setAppMetadata('plan', 'free');"
                   "api.user.setUserMetadata('locale', event.request.language || 'en');"),
        ActionFile("crm", "post-user-registration", "throw new Error('CRM unreachable');"))
    _flow, done = signup(tenant, "fresh@example.com")
    assert "code=" in done.location, "the registration stands"
    with tenant.app.app_context():
        user = get_db().query(User).filter_by(email="fresh@example.com").one()
        assert user.app_metadata == {"plan": "free"} and "locale" in user.user_metadata
    warning = tenant.logs("w")[0]
    assert warning["description"] == "post-user-registration Action failed: CRM unreachable"
    executions = tenant.logs("ss")[0]["details"]["actions"]["executions"]
    assert [e["action_name"] for e in executions] == ["block-signup-domain", "welcome", "crm"]


def test_a_failing_pre_registration_action_refuses_the_sign_up(actions_tenant):
    tenant = actions_tenant(ActionFile("broken", "pre-user-registration",
                                       "throw new Error('Fraud check failed');"))
    _, refused = signup(tenant, "fresh@example.com")
    assert refused.status == 400 and "We could not create your account." in refused.text
    assert tenant.logs("fs")[0]["description"] == "Fraud check failed"


def test_post_change_password_runs_when_a_password_changes(actions_tenant):
    tenant = actions_tenant(
        ActionFile("notify", "post-change-password",
                   "console.log(`password changed for ${event.user.email}`);"),
        ActionFile("broken", "post-change-password", "throw new Error('Mailer down');"))
    with tenant.app.test_request_context("/"):
        db = get_db()
        user = db.get(User, JANE_ID)
        connection = db.query(Connection).filter_by(name=user.connection).one()
        assert change_password(db, user, connection, "short") != [], "policy first"
        assert change_password(db, user, connection, "A-brand-New-pass-2026") == []
    flow = tenant.flow()
    answer = flow.submit_login(flow.authorize().location, JANE, "A-brand-New-pass-2026")
    assert "code=" in answer.location, "the change stands although an Action failed"
    changed = tenant.logs("scp")[0]
    assert changed["details"]["actions"]["executions"][0]["logs"] == [
        f"password changed for {JANE}"]
    assert tenant.logs("w")[0]["description"] == "post-change-password Action failed: Mailer down"


def test_a_password_changed_through_the_management_api_runs_post_change_password(actions_tenant):
    tenant = actions_tenant(ActionFile(
        "notify", "post-change-password", "console.log(`changed: ${event.user.email}`);"))
    manager = tenant.clients["Travel0 Management"]
    token = tenant.http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": manager["client_id"],
        "client_secret": manager["client_secret"],
        "audience": "http://127.0.0.1:4000/api/v2/"}).json()["access_token"]
    response = tenant.http.client.patch(f"/api/v2/users/{JANE_ID}",
                                        json={"password": "A-brand-New-pass-2026"},
                                        headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    changed = tenant.logs("scp")[0]
    assert changed["details"]["actions"]["executions"][0]["logs"] == [f"changed: {JANE}"]
