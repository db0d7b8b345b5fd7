"""The resource server through its HTTP interface, with the tenant faked by a TokenMinter."""

from __future__ import annotations

import shutil
import time

import pytest

from api import create_app

from .conftest import bearer

pytestmark = pytest.mark.mock

API_TOPIC = pytest.mark.scenario("b2c.phase2.authorization.api-integration")
RBAC = pytest.mark.scenario("b2b.phase2.authorization.roles-permissions")
MOCK_QA = pytest.mark.scenario("b2c.phase1.qa.mock-testing")


def place(client, token, item="Paris city pass", quantity=2):
    return client.post("/api/orders", json={"item": item, "quantity": quantity},
                       headers=bearer(token))


def items_of(client, token) -> list[str]:
    response = client.get("/api/orders", headers=bearer(token))
    assert response.status_code == 200
    return [order["item"] for order in response.get_json()["orders"]]


# -- public and private -------------------------------------------------------------------


@API_TOPIC
def test_public_endpoint_needs_no_token(client, jwks_endpoint):
    response = client.get("/api/public")
    assert response.status_code == 200
    assert "public" in response.get_json()["message"]
    assert jwks_endpoint.calls == []


@API_TOPIC
@MOCK_QA
def test_private_endpoint_returns_the_callers_identity(client, minter):
    token = minter.access_token(sub="auth0|alice", azp="web-client", permissions=["read:orders"])
    response = client.get("/api/private", headers=bearer(token))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["sub"], body["azp"], body["permissions"]) == (
        "auth0|alice", "web-client", ["read:orders"])


@API_TOPIC
def test_private_endpoint_without_token_gets_a_bare_challenge(client):
    response = client.get("/api/private")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.get_json() == {"error": "unauthorized",
                                   "error_description": "Authorization header is missing"}


@API_TOPIC
@MOCK_QA
def test_expired_token_gets_invalid_token_challenge(client, minter):
    token = minter.access_token(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)
    response = client.get("/api/private", headers=bearer(token))
    assert response.status_code == 401
    assert response.get_json() == {"error": "invalid_token",
                                   "error_description": "The token has expired"}
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="api", error="invalid_token", error_description="The token has expired"')


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc",
                                    "Bearer a b", "bearer"])
def test_malformed_authorization_header_is_invalid_token(client, header):
    response = client.get("/api/private", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_token"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_bearer_scheme_is_case_insensitive(client, minter):
    header = {"Authorization": f"bearer {minter.access_token()}"}
    response = client.get("/api/private", headers=header)
    assert response.status_code == 200


def test_wrong_audience_is_rejected(client, minter):
    response = client.get("/api/private",
                          headers=bearer(minter.access_token(aud="https://other.example/")))
    assert response.status_code == 401
    assert response.get_json()["error_description"] == "The token was not issued for this API"


# -- orders and RBAC ----------------------------------------------------------------------


@API_TOPIC
@RBAC
@MOCK_QA
def test_customer_places_and_lists_own_orders(client, minter):
    token = minter.access_token(sub="auth0|alice")
    created = place(client, token, "Rome walking tour", 3)
    assert created.status_code == 201
    order = created.get_json()
    assert (order["item"], order["quantity"]) == ("Rome walking tour", 3)
    assert order["created_at"].endswith("Z")
    listed = client.get("/api/orders", headers=bearer(token)).get_json()["orders"]
    assert listed == [order]


@RBAC
def test_users_never_see_each_others_orders(client, minter):
    alice = minter.access_token(sub="auth0|alice")
    bob = minter.access_token(sub="auth0|bob")
    place(client, alice, "Alice's ferry ticket")
    place(client, bob, "Bob's museum pass")
    place(client, bob, "Bob's museum pass, again")
    assert items_of(client, alice) == ["Alice's ferry ticket"]
    assert items_of(client, bob) == ["Bob's museum pass", "Bob's museum pass, again"]


@RBAC
def test_reading_orders_without_read_orders_is_403_with_scope(client, minter):
    token = minter.access_token(permissions=["create:orders"])
    response = client.get("/api/orders", headers=bearer(token))
    assert response.status_code == 403
    assert response.get_json() == {
        "error": "insufficient_scope",
        "error_description": "The token lacks the permission read:orders",
    }
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="api", error="insufficient_scope"')
    assert challenge.endswith('scope="read:orders"')


@RBAC
def test_placing_orders_needs_create_orders(client, minter):
    token = minter.access_token(permissions=["read:orders"])
    response = place(client, token)
    assert response.status_code == 403
    assert 'scope="create:orders"' in response.headers["WWW-Authenticate"]
    listed = client.get("/api/orders", headers=bearer(token)).get_json()["orders"]
    assert listed == []


@RBAC
def test_permissions_claim_wins_over_scope(client, minter):
    token = minter.access_token(scope="openid read:orders", permissions=[])
    assert client.get("/api/orders", headers=bearer(token)).status_code == 403


@RBAC
def test_scope_is_used_when_the_permissions_claim_is_absent(client, minter):
    token = minter.access_token(scope="openid read:orders", permissions=None)
    response = client.get("/api/orders", headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json() == {"orders": []}


@pytest.mark.parametrize("body", [
    {"item": "", "quantity": 1},
    {"item": "   ", "quantity": 1},
    {"item": "x" * 101, "quantity": 1},
    {"item": 42, "quantity": 1},
    {"item": None, "quantity": 1},
    {"item": "tab\tinside", "quantity": 1},
    {"item": "ok", "quantity": 0},
    {"item": "ok", "quantity": 100},
    {"item": "ok", "quantity": -1},
    {"item": "ok", "quantity": 2.0},
    {"item": "ok", "quantity": "2"},
    {"item": "ok", "quantity": True},
    {"item": "ok"},
    {"quantity": 1},
    {"item": "ok", "quantity": 1, "owner_sub": "auth0|bob"},
    [],
    "order",
    None,
])
def test_invalid_order_bodies_are_400_and_store_nothing(client, minter, body):
    token = minter.access_token()
    response = client.post("/api/orders", json=body, headers=bearer(token))
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request"
    assert response.get_json()["error_description"]
    assert client.get("/api/orders", headers=bearer(token)).get_json()["orders"] == []


@pytest.mark.parametrize("data,content_type", [
    ("{not json", "application/json"),
    ('{"item": "ok", "quantity": 1}', "text/plain"),
    ("", "application/json"),
])
def test_non_json_bodies_are_400(client, minter, data, content_type):
    response = client.post("/api/orders", data=data, content_type=content_type,
                           headers=bearer(minter.access_token()))
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request"


def test_item_limits_are_inclusive(client, minter):
    token = minter.access_token()
    assert place(client, token, "x" * 100, 99).status_code == 201
    assert place(client, token, "y", 1).status_code == 201


def test_invalid_token_is_checked_before_the_body(client):
    response = client.post("/api/orders", data="{broken", content_type="application/json")
    assert response.status_code == 401


# -- reports (machine to machine) ---------------------------------------------------------


@API_TOPIC
@RBAC
@pytest.mark.scenario("b2b.phase2.authorization.m2m")
def test_m2m_client_reads_totals_across_customers(client, minter):
    place(client, minter.access_token(sub="auth0|alice"), "a", 2)
    place(client, minter.access_token(sub="auth0|bob"), "b", 5)
    place(client, minter.access_token(sub="auth0|bob"), "c", 1)
    m2m = minter.m2m_token(client_id="reports-client")
    response = client.get("/api/reports/orders", headers=bearer(m2m))
    assert response.status_code == 200
    assert response.get_json() == {
        "total_orders": 3,
        "total_quantity": 8,
        "customers": 2,
        "requested_by": {"sub": "reports-client@clients", "gty": "client-credentials"},
    }


@RBAC
def test_user_token_without_read_reports_gets_403_on_reports(client, minter):
    response = client.get("/api/reports/orders", headers=bearer(minter.access_token()))
    assert response.status_code == 403
    assert response.get_json()["error"] == "insufficient_scope"
    assert 'scope="read:reports"' in response.headers["WWW-Authenticate"]


@RBAC
def test_m2m_token_cannot_read_customer_orders(client, minter):
    response = client.get("/api/orders", headers=bearer(minter.m2m_token()))
    assert response.status_code == 403


def test_reports_on_an_empty_store_are_zero(client, minter):
    body = client.get("/api/reports/orders", headers=bearer(minter.m2m_token())).get_json()
    assert (body["total_orders"], body["total_quantity"], body["customers"]) == (0, 0, 0)


# -- errors and health --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/nope", "/api", "/api/orders/1", "/api/reports"])
def test_unknown_routes_are_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"] == "not_found"


def test_wrong_method_is_json_405(client):
    response = client.delete("/api/orders")
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_oversized_body_is_json_413(client, minter):
    response = client.post("/api/orders", data="x" * 20000, content_type="application/json",
                           headers=bearer(minter.access_token()))
    assert response.status_code == 413
    assert response.get_json()["error"] == "request_too_large"


@MOCK_QA
def test_health_reports_database_and_jwks(client, jwks_endpoint):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok",
                                   "checks": {"database": "ok", "jwks": "ok"}}
    assert jwks_endpoint.calls == ["https://cookbook-test.local/.well-known/jwks.json"]
    client.get("/health")  # each probe asks the tenant again: the cache must not hide an outage
    assert len(jwks_endpoint.calls) == 2


def test_health_is_503_when_the_jwks_cannot_be_fetched(client, jwks_endpoint):
    jwks_endpoint.fail = True
    response = client.get("/health")
    assert response.status_code == 503
    body = response.get_json()
    assert body["checks"]["database"] == "ok" and body["failing"] == ["jwks"]
    assert body["checks"]["jwks"].startswith("failing: ")


def test_health_is_503_when_the_database_is_unreachable(tmp_path, jwks_endpoint):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    app = create_app({"AUTH0_DOMAIN": "cookbook-test.local", "JWKS_FETCH": jwks_endpoint,
                      "DATABASE_URL": f"sqlite:///{data_dir / 'api.db'}"})
    try:
        app.extensions["api.db"].dispose()  # drop pooled connections to the file
        shutil.rmtree(data_dir)
        response = app.test_client().get("/health")
    finally:
        app.extensions["api.db"].dispose()
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable" and body["failing"] == ["database"]
    assert body["checks"]["jwks"] == "ok"


def test_unreachable_jwks_is_503_not_500(client, minter, jwks_endpoint):
    jwks_endpoint.fail = True
    response = client.get("/api/private", headers=bearer(minter.access_token()))
    assert response.status_code == 503
    assert response.get_json()["error"] == "temporarily_unavailable"
    assert response.headers["Retry-After"] == "10"


def test_cached_keys_are_reused_across_requests(client, minter, jwks_endpoint):
    for _ in range(5):
        assert client.get("/api/private", headers=bearer(minter.access_token())).status_code == 200
    assert len(jwks_endpoint.calls) == 1
