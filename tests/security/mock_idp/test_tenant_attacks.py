"""Attack cases against the mock tenant: every bad input gets a clear error, never a
redirect to an unverified URL and never a 500."""

from __future__ import annotations

import pytest

from tests.support.flows import CodeFlow, FlaskHttp, hidden_fields, query_of
from tests.support.tenant import JANE, demo_password

pytestmark = pytest.mark.security
CALLBACK = "http://localhost:5000/callback"


def assert_error_page(response, status: int = 400, text: str = ""):
    assert response.status == status
    assert "Location" not in response.headers, "an error must never redirect"
    assert 'id="error-description"' in response.text
    assert text in response.text


def test_unknown_client_gets_an_error_page(web_flow):
    web_flow.client_id = "no-such-client"
    assert_error_page(web_flow.authorize(), text="Unknown client: no-such-client")


def test_missing_client_id_gets_an_error_page(web_flow):
    web_flow.client_id = None
    assert_error_page(web_flow.authorize(client_id=None), text="Missing required parameter")


@pytest.mark.parametrize("redirect_uri", [
    "https://evil.example/callback", "http://localhost:5000/callback/../evil",
    "http://localhost:5000/callback?x=1", "http://localhost:5000/CALLBACK",
    "http://localhost:5000/callback#frag", "//evil.example/callback",
])
def test_unregistered_redirect_uri_gets_an_error_page(web_flow, redirect_uri):
    assert_error_page(web_flow.authorize(redirect_uri=redirect_uri), text="Callback URL mismatch")


def test_repeated_parameters_are_refused_before_any_redirect(http, clients):
    web = clients["Travel0 Web"]
    query = (f"/authorize?response_type=code&client_id={web['client_id']}"
             f"&redirect_uri={CALLBACK}&redirect_uri=https://evil.example/")
    assert_error_page(http.get(query), text="more than once")


def test_public_client_without_pkce_gets_invalid_request_at_its_callback(http, clients):
    mobile = clients["Travel0 Mobile"]
    flow = CodeFlow(http, mobile["client_id"], "com.travel0.mobile://callback")
    response = flow.authorize(code_challenge=None, code_challenge_method=None)
    assert response.location.startswith("com.travel0.mobile://callback?")
    answer = query_of(response.location)
    assert answer["error"] == "invalid_request" and "code_challenge" in answer["error_description"]
    assert answer["state"] == flow.state


@pytest.mark.parametrize("extra,fragment", [
    ({"code_challenge_method": "plain"}, "S256"),
    ({"code_challenge": "short"}, "code_challenge"),
    ({"response_type": "token"}, ""),
    ({"response_mode": "fragment"}, "response_mode"),
    ({"prompt": "bogus"}, "prompt"),
    ({"max_age": "-5"}, "max_age"),
    ({"connection": "google-oauth2"}, "not enabled"),
])
def test_invalid_parameters_return_an_error_to_the_verified_callback(web_flow, extra, fragment):
    response = web_flow.authorize(**extra)
    assert response.status == 302 and response.location.startswith(CALLBACK + "?")
    answer = query_of(response.location)
    assert answer["error"] in {"invalid_request", "unsupported_response_type", "unauthorized_client"}
    assert fragment in answer.get("error_description", "")


def test_unknown_audience_is_refused_at_the_verified_callback(web_flow):
    answer = query_of(web_flow.authorize(audience="https://evil.example/").location)
    assert answer["error"] == "access_denied"
    assert answer["error_description"] == "Service not found: https://evil.example/"


def test_m2m_client_cannot_run_the_code_flow(http, clients):
    reports = clients["Travel0 Reports"]
    flow = CodeFlow(http, reports["client_id"], CALLBACK)
    assert_error_page(flow.authorize(), text="Callback URL mismatch")


def test_login_form_without_csrf_token_is_refused(web_flow, http):
    page = http.get(web_flow.authorize().location)
    fields = hidden_fields(page.text)
    fields.pop("_csrf")
    response = http.post("/u/login", data={**fields, "username": JANE,
                                           "password": demo_password(JANE)})
    assert_error_page(response, 403)


def test_login_transaction_is_bound_to_the_browser_that_started_it(web_flow, http, tenant_app):
    page = http.get(web_flow.authorize().location)
    other_browser = FlaskHttp(tenant_app.test_client())
    response = other_browser.post("/u/login", data={**hidden_fields(page.text), "username": JANE,
                                                    "password": demo_password(JANE)})
    assert_error_page(response, 403, "another browser")


def test_a_finished_login_transaction_cannot_be_replayed(web_flow, http):
    page = http.get(web_flow.authorize().location)
    data = {**hidden_fields(page.text), "username": JANE, "password": demo_password(JANE)}
    assert http.post("/u/login", data=data).status == 302
    assert_error_page(http.post("/u/login", data=data), 400, "no longer valid")


@pytest.mark.parametrize("state", ["", "nope", "x" * 5000, "' OR 1=1 --"])
def test_unknown_login_state_gets_an_error_page(http, state):
    assert_error_page(http.get("/u/login", params={"state": state}))


@pytest.mark.parametrize("username,password", [
    ("", ""), (JANE, ""), ("x" * 10000, "y" * 10000), ("\u0000", "\u0000"),
    ("jane@travel0.example' OR '1'='1", "' OR '1'='1"), ("😀@example.com", "😀"),
])
def test_odd_credentials_are_refused_cleanly(web_flow, username, password):
    response = web_flow.submit_login(web_flow.authorize().location, username, password)
    assert response.status == 400
    assert "Location" not in response.headers


def test_passwords_never_reach_the_tenant_log(web_flow, logs):
    location = web_flow.authorize().location
    web_flow.submit_login(location, JANE, "Secret-Wrong-Password-1")
    web_flow.submit_login(location, JANE, demo_password(JANE))
    text = str(logs())
    assert "Secret-Wrong-Password-1" not in text and demo_password(JANE) not in text


def test_codes_and_tokens_never_reach_the_tenant_log(web_flow, logs):
    response = web_flow.authorize(scope="openid offline_access")
    code = web_flow.code_from(web_flow.submit_login(response.location, JANE, demo_password(JANE)))
    tokens = web_flow.exchange(code).json()
    text = str(logs())
    for secret in (code, tokens["access_token"], tokens["id_token"], tokens["refresh_token"]):
        assert secret not in text


def test_id_token_hint_from_another_issuer_is_refused(web_flow, http):
    from tests.support.tokens import TokenMinter

    forged = TokenMinter(issuer="http://127.0.0.1:4000/").id_token(web_flow.client_id)
    response = http.get("/oidc/logout", params={
        "id_token_hint": forged, "post_logout_redirect_uri": "https://evil.example/"})
    assert_error_page(response)


def test_post_logout_redirect_outside_the_allow_list_gets_an_error_page(web_flow, http):
    tokens = web_flow.login(JANE, demo_password(JANE))
    response = http.get("/oidc/logout", params={
        "id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "https://evil.example/"})
    assert_error_page(response, text="not in the allowed logout URLs")
    assert "code" in query_of(web_flow.authorize(prompt="none").location), "session kept"


def test_v2_logout_return_to_outside_the_allow_list_gets_an_error_page(web_flow, http):
    response = http.get("/v2/logout", params={"client_id": web_flow.client_id,
                                              "returnTo": "https://evil.example/"})
    assert_error_page(response, text="not in the allowed logout URLs")


@pytest.mark.parametrize("body", [
    {"grant_type": "authorization_code", "code": "x" * 5000},
    {"grant_type": "refresh_token", "refresh_token": "\u0000"},
    {"grant_type": "client_credentials", "client_id": "'; DROP TABLE users; --"},
])
def test_token_endpoint_garbage_gets_auth0_shaped_errors(http, body):
    response = http.post("/oauth/token", data=body)
    assert 400 <= response.status < 500
    assert set(response.json()) == {"error", "error_description"}


def test_token_endpoint_with_a_json_array_body(http):
    response = http.post("/oauth/token", json=["grant_type", "client_credentials"])
    assert response.status == 400 and response.json()["error"] == "invalid_request"


def test_session_cookie_flags_and_no_token_in_cookies(web_flow, http):
    page = http.get(web_flow.authorize().location)
    response = http.post("/u/login", data={**hidden_fields(page.text), "username": JANE,
                                           "password": demo_password(JANE)})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("idp_main_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "eyJ" not in cookie


def test_sid_in_id_token_does_not_open_the_session(web_flow, tenant_app):
    from joserfc import jwt

    tokens = web_flow.login(JANE, demo_password(JANE))
    sid = jwt.decode(tokens["id_token"], tenant_app.extensions["mock_idp.keys"].signing_key).claims["sid"]
    attacker = tenant_app.test_client()
    attacker.set_cookie("idp_main_session", sid, domain="localhost")
    flow = CodeFlow(FlaskHttp(attacker), web_flow.client_id, CALLBACK)
    assert query_of(flow.authorize(prompt="none").location)["error"] == "login_required"


@pytest.mark.parametrize("path", ["/nope", "/u/nope", "/oauth/nope", "/authorize/../etc/passwd"])
def test_unknown_paths_get_a_404_without_a_stack_trace(http, path):
    response = http.get(path)
    assert response.status == 404 and "Traceback" not in response.text


def test_wrong_method_gets_405(http):
    assert http.get("/oauth/token").status == 405


def test_a_user_cannot_get_management_scopes_by_asking_for_them(web_flow, http):
    from joserfc import jwt
    from joserfc.jwk import KeySet

    web_flow.scope = "openid read:users delete:users read:current_user"
    tokens = web_flow.login(JANE, demo_password(JANE), audience="http://127.0.0.1:4000/api/v2/")
    keys = KeySet.import_key_set(http.get("/.well-known/jwks.json").json())
    claims = jwt.decode(tokens["access_token"], keys, algorithms=["RS256"]).claims
    assert claims["scope"] == "openid read:current_user"
