"""Attacks on the Management API: wrong-audience, user, expired and forged tokens, missing
scopes, query injection, oversized paging and path tricks. None may succeed or cause a 500."""

from __future__ import annotations

import base64
import json
import time

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from sqlalchemy import select

from mock_idp.models import Ticket
from tests.support.flows import CodeFlow
from tests.support.tenant import AUDIENCE, JANE, demo_password

pytestmark = pytest.mark.security


def assert_refused(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["statusCode"] == status
    return body


def claims_of(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_token_for_another_api_is_refused(live_tenant):
    other = live_tenant.token("Travel0 Reports", audience=AUDIENCE)
    assert_refused(live_tenant.api("GET", "/users", other), 401)


def test_a_users_token_gets_no_management_scopes(live_tenant):
    web = live_tenant.clients()["Travel0 Web"]
    flow = CodeFlow(live_tenant.http, web["client_id"], "http://localhost:5000/callback",
                    web["client_secret"], scope="openid read:users delete:users")
    token = flow.login(JANE, demo_password(JANE), audience=live_tenant.audience)["access_token"]
    body = assert_refused(live_tenant.api("GET", "/users", token), 403)
    assert body["errorCode"] == "insufficient_scope"
    assert_refused(live_tenant.api("DELETE", "/users/auth0|x", token), 403)


def test_an_expired_token_is_refused(live_tenant):
    token = live_tenant.token()
    live_tenant.http.post("/_cookbook/clock", json={"advance": 86400 + 5})
    body = assert_refused(live_tenant.api("GET", "/users", token), 401)
    assert body["message"] == "Expired token received for JSON Web Token validation"


def forged(live_tenant, header: dict, claims: dict, key) -> str:
    return jwt.encode(header, claims, key, algorithms=[header["alg"]])


def test_forged_tokens_are_refused(live_tenant):
    real = live_tenant.token()
    claims = {**claims_of(real), "scope": "read:users delete:users create:clients"}
    kid = json.loads(base64.urlsafe_b64decode(real.split(".")[0] + "=="))["kid"]
    stranger = RSAKey.generate_key(2048)
    attempts = [
        forged(live_tenant, {"alg": "RS256", "kid": kid}, claims, stranger),
        forged(live_tenant, {"alg": "HS256", "kid": kid}, claims, OctKey.import_key(b"k" * 32)),
    ]
    header, _, signature = real.split(".")
    tampered = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    attempts.append(f"{header}.{tampered}.{signature}")
    none_header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').decode().rstrip("=")
    attempts.append(f"{none_header}.{tampered}.")
    for token in attempts:
        assert_refused(live_tenant.api("GET", "/users", token), 401)


def test_missing_scopes_are_refused_per_endpoint(live_tenant):
    reader = live_tenant.token(scope="read:users")
    for method, path, body in (("DELETE", "/users/auth0|x", None), ("POST", "/roles", {"name": "r"}),
                               ("POST", "/keys/signing/rotate", None),
                               ("POST", "/tickets/password-change", {"user_id": "auth0|x"}),
                               ("GET", "/logs", None), ("GET", "/clients", None)):
        response = live_tenant.api(method, path, reader, json=body)
        assert assert_refused(response, 403)["errorCode"] == "insufficient_scope", path


@pytest.mark.parametrize("query", [
    "email:\"x' OR '1'='1\"", "email:%", "email:_", "name:\\*", "user_id:*') OR 1=1 --",
    "app_metadata.x\\.y:1", 'app_metadata.__proto__:"x"', "email:a@b.c; DROP TABLE users",
])
def test_queries_cannot_inject(live_tenant, query):
    response = live_tenant.api("GET", "/users", live_tenant.token(), params={"q": query})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert response.json() == [], query
    assert live_tenant.api("GET", "/users-by-email", live_tenant.token(),
                           params={"email": JANE}).json()[0]["email"] == JANE


@pytest.mark.parametrize("query", ["(" * 40 + "email:a" + ")" * 40, " OR ".join(["email:a"] * 200),
                                   "email:" + "a" * 5000])
def test_abusive_queries_are_refused_quickly(live_tenant, query):
    started = time.monotonic()
    response = live_tenant.api("GET", "/users", live_tenant.token(), params={"q": query})
    assert response.status_code == 400 and time.monotonic() - started < 2


@pytest.mark.parametrize("params", [{"per_page": "1000000"}, {"per_page": "99999999999999999999"},
                                    {"page": "999999999", "per_page": "100"}, {"take": "5000"}])
def test_huge_paging_is_refused(live_tenant, params):
    path = "/logs" if "take" in params else "/users"
    assert_refused(live_tenant.api("GET", path, live_tenant.token(), params=params), 400)


@pytest.mark.parametrize("path", [
    "/users/..%2F..%2Fetc%2Fpasswd", "/users/auth0%7C..%2F..%2Froles", "/users/%00",
    "/roles/..%2F..%2Fusers", "/resource-servers/..%2F..%2Fetc", "/keys/signing/..%2F..",
    "/jobs/..%2Fusers-imports/errors", "/users/" + "a" * 5000,
])
def test_path_tricks_are_plain_404s(live_tenant, path):
    response = live_tenant.api("GET", path, live_tenant.token())
    assert response.status_code in (404, 400), response.text
    assert response.json()["statusCode"] == response.status_code


def test_tickets_are_stored_only_as_digests(live_tenant):
    api = live_tenant.sdk(live_tenant.token())
    user = api.users.list_users_by_email(email=JANE)[0]
    url = api.tickets.change_password(user_id=user.user_id).ticket
    secret = url.split("ticket=")[1].rstrip("#")
    with live_tenant.app.extensions["mock_idp.db"]() as db:
        stored = [row.ticket_hash for row in db.scalars(select(Ticket))]
    assert stored and secret not in stored and all(len(value) == 64 for value in stored)


def test_import_errors_do_not_echo_password_hashes(live_tenant):
    api = live_tenant.sdk(live_tenant.token())
    connection = next(c for c in api.connections.list()
                      if c.name == "Username-Password-Authentication")
    record = {"email": JANE, "password_hash": "$2b$10$" + "a" * 53}
    job = api.jobs.users_imports.create(users=("u.json", json.dumps([record]).encode(), "application/json"),
                                        connection_id=connection.id)
    live_tenant.wait_for_job(api, job.id)
    errors = live_tenant.api("GET", f"/jobs/{job.id}/errors", live_tenant.token()).text
    assert "$2b$10$" not in errors and JANE in errors


def test_a_duplicate_client_name_is_a_conflict_not_a_500(live_tenant):
    live_tenant.grant("Travel0 Management", ["create:clients", "update:clients", "read:clients"])
    token = live_tenant.token()
    created = live_tenant.api("POST", "/clients", token, json={"name": "Travel0 Web"})
    assert created.status_code == 409 and created.json()["errorCode"] == "client_conflict"
    other = live_tenant.api("POST", "/clients", token, json={"name": "Another app"})
    assert other.status_code == 201
    renamed = live_tenant.api("PATCH", f"/clients/{other.json()['client_id']}", token,
                              json={"name": "Travel0 Web"})
    assert renamed.status_code == 409
