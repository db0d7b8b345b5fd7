"""The Management API's wire details over plain HTTP: Auth0's error bodies, 401/403,
rate-limit headers and 429, and bad input that must answer 400 (never 500)."""

from __future__ import annotations

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.fixtures import tenant_overrides
from tests.support.flows import FlaskHttp
from tests.support.tenant import JANE

pytestmark = pytest.mark.mock

DB = "Username-Password-Authentication"


def error_of(response) -> dict:
    body = response.json()
    assert set(body) <= {"statusCode", "error", "message", "errorCode"}, body
    assert body["statusCode"] == response.status_code
    return body


def test_missing_and_bad_tokens_are_401(live_tenant):
    missing = live_tenant.api("GET", "/users")
    assert missing.status_code == 401
    assert error_of(missing) == {"statusCode": 401, "error": "Unauthorized",
                                 "message": "Missing authentication"}
    garbage = live_tenant.api("GET", "/users", "not-a-jwt")
    assert garbage.status_code == 401 and error_of(garbage)["errorCode"] == "invalid_token"
    assert garbage.headers["WWW-Authenticate"].startswith("Bearer")


def test_missing_scope_is_403_naming_the_scope(live_tenant):
    token = live_tenant.token(scope="read:users")
    response = live_tenant.api("POST", "/roles", token, json={"name": "x"})
    assert response.status_code == 403
    assert error_of(response) == {"statusCode": 403, "error": "Forbidden",
                                  "message": "Insufficient scope, expected any of: create:roles",
                                  "errorCode": "insufficient_scope"}


def test_every_answer_carries_rate_limit_headers(live_tenant):
    for token in (None, live_tenant.token()):
        response = live_tenant.api("GET", "/users", token)
        assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(response.headers)
        assert int(response.headers["x-ratelimit-reset"]) > 0


@pytest.fixture
def tight_tenant(tmp_path):
    app = create_app(tenant_overrides(tmp_path, MGMT_RATE_LIMIT=3, MGMT_RATE_REFILL=1))
    yield app
    dispose(app)


def test_the_token_bucket_answers_429_and_refills_with_time(tight_tenant):
    http = FlaskHttp(tight_tenant.test_client())
    manager = {c["name"]: c for c in http.get("/_cookbook/clients").json()}["Travel0 Management"]
    token = http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": manager["client_id"],
        "client_secret": manager["client_secret"],
        "audience": f"{tight_tenant.config['ISSUER']}api/v2/"}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    remaining = [http.get("/api/v2/roles", headers=auth).headers["x-ratelimit-remaining"]
                 for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    limited = http.get("/api/v2/roles", headers=auth)
    assert limited.status == 429
    assert limited.json() == {"statusCode": 429, "error": "Too Many Requests",
                              "message": "Global limit has been reached",
                              "errorCode": "too_many_requests"}
    http.post("/_cookbook/clock", json={"advance": 2})
    assert http.get("/api/v2/roles", headers=auth).status == 200, "two seconds refill two tokens"
    other = http.get("/api/v2/roles")
    assert other.status == 401 and other.headers["x-ratelimit-remaining"] == "2", "buckets are per caller"


@pytest.mark.parametrize(("body", "message"), [
    ('{"connection": ', "Invalid request payload JSON format"),
    ("[1, 2]", "Payload validation error: 'Expected type object but found type array'."),
    ('{"connection": "' + DB + '", "email": "a@b.example", "password": "Strong-Pass-123", "admin": true}',
     "Payload validation error: 'Additional properties not allowed: admin'."),
    ('{"connection": "' + DB + '", "email": "a@b.example", "password": "Strong-Pass-123", "blocked": "yes"}',
     "Payload validation error: 'Expected type boolean but found type string' on property blocked."),
    ('{"email": "a@b.example"}', "Payload validation error: 'Missing required property: connection'."),
    ('{"connection": "' + DB + '", "email": "not-an-email", "password": "Strong-Pass-123"}',
     ("Payload validation error: 'Object didn't pass validation for format email: not-an-email' "
      "on property email.")),
])
def test_bad_bodies_are_400_with_a_message(live_tenant, body, message):
    response = live_tenant.api("POST", "/users", live_tenant.token(), content=body,
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response) == {"statusCode": 400, "error": "Bad Request", "message": message,
                                  "errorCode": "invalid_body"}


def test_oversize_bodies_are_400(live_tenant):
    huge = '{"user_metadata": {"blob": "' + "x" * 1_100_000 + '"}}'
    response = live_tenant.api("PATCH", "/users/auth0|nobody", live_tenant.token(), content=huge,
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and error_of(response)["errorCode"] == "invalid_body"


@pytest.mark.parametrize("params", [
    {"per_page": "101"}, {"per_page": "ten"}, {"page": "-1"}, {"include_totals": "maybe"},
    {"q": "email:(unclosed"}, {"q": 'email:"unterminated'}, {"q": "app_metadata.plan:gol*"},
    {"q": "logins_count:[a TO b]"}, {"sort": "password:1"}, {"search_engine": "v1"},
    {"page": "20", "per_page": "100"},
])
def test_bad_query_strings_are_400(live_tenant, params):
    response = live_tenant.api("GET", "/users", live_tenant.token(), params=params)
    assert response.status_code == 400, response.text
    assert error_of(response)["errorCode"] in ("invalid_query_string", "invalid_paging")


def test_unknown_ids_are_404_and_conflicts_409(live_tenant):
    token = live_tenant.token()
    for path, code in (("/users/auth0|nobody", "inexistent_user"),
                       ("/roles/rol_nothing", "inexistent_role"), ("/jobs/job_nothing", "inexistent_job")):
        response = live_tenant.api("GET", path, token)
        assert response.status_code == 404 and error_of(response)["errorCode"] == code
    unknown_route = live_tenant.api("GET", "/no-such-resource", token)
    assert unknown_route.status_code == 404 and error_of(unknown_route)["message"] == "Not Found"
    conflict = live_tenant.api("POST", "/roles", token, json={"name": "customer"})
    assert conflict.status_code == 409 and error_of(conflict)["error"] == "Conflict"


def test_writes_are_logged_as_sapi_without_bodies(live_tenant):
    token = live_tenant.token()
    created = live_tenant.api("POST", "/users", token, json={
        "connection": DB, "email": "logme@example.com", "password": "Secret-Pass-999",
        "verify_email": False})
    assert created.status_code == 201
    events = live_tenant.http.get("/_cookbook/logs", params={"type": "sapi"}).json()
    assert events[0]["details"]["request"]["path"] == "/api/v2/users"
    assert "Secret-Pass-999" not in str(events)
    assert live_tenant.api("GET", f"/users-by-email?email={JANE}", token).status_code == 200
