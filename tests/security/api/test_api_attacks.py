"""Attacks on the resource server: forged tokens, hostile headers and hostile bodies."""

from __future__ import annotations

import base64
import json
import time

import pytest

from tests.support.tokens import TokenMinter

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2c.phase2.authorization.api-integration")]

PROTECTED = ["/api/private", "/api/orders", "/api/reports/orders"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def assert_rejected(response, description: str | None = None) -> None:
    assert response.status_code == 401, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == "invalid_token"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    if description:
        assert body["error_description"] == description


@pytest.mark.parametrize("path", PROTECTED)
def test_alg_none_is_rejected_everywhere(client, minter, path):
    claims = minter.claims(permissions=["read:orders", "create:orders", "read:reports"])
    response = client.get(path, headers=bearer(minter.unsigned(claims)))
    assert_rejected(response, "The token must be signed with RS256")


@pytest.mark.parametrize("path", PROTECTED)
def test_hs256_signed_with_the_public_key_is_rejected(client, minter, jwks_calls, path):
    claims = minter.claims(permissions=["read:orders", "read:reports"])
    response = client.get(path, headers=bearer(minter.hs256_with_public_key(claims)))
    assert_rejected(response, "The token must be signed with RS256")
    assert jwks_calls == []  # rejected before any key was looked up


@pytest.mark.parametrize("alg", ["HS256", "RS384", "RS512", "PS256", "ES256", "none", "NONE",
                                 "rs256", "", None, ["RS256"], {"alg": "RS256"}])
def test_any_other_header_alg_is_rejected(client, minter, alg):
    header = {"alg": alg, "typ": "JWT", "kid": minter.kid}
    token = f"{b64(header)}.{b64(minter.claims())}.{b64(b'x' * 256)}"
    assert_rejected(client.get("/api/private", headers=bearer(token)))


@pytest.mark.parametrize("kid", [
    "../../../../etc/passwd",
    "' OR '1'='1",
    "x'; DROP TABLE orders; --",
    "http://attacker.example/jwks.json",
    "%00",
    "\u202e" + "kid",
    "k" * 5000,
    ["a"],
    {"$ne": None},
    12345,
])
def test_kid_injection_strings_are_just_unknown_kids(client, minter, jwks_calls, kid):
    token = minter.sign(minter.claims(), headers={"kid": "placeholder"})
    _head, payload, sig = token.split(".")
    forged = f"{b64({'alg': 'RS256', 'typ': 'JWT', 'kid': kid})}.{payload}.{sig}"
    response = client.get("/api/private", headers=bearer(forged))
    assert_rejected(response)
    assert set(jwks_calls) <= {"https://cookbook-test.local/.well-known/jwks.json"}
    assert len(jwks_calls) <= 1


def test_kid_injection_does_not_touch_the_orders_table(client, minter):
    forged = minter.sign(minter.claims(), headers={"kid": "x'; DROP TABLE orders; --"})
    assert_rejected(client.get("/api/orders", headers=bearer(forged)))
    response = client.get("/api/orders", headers=bearer(minter.access_token()))
    assert response.status_code == 200


@pytest.mark.parametrize("header", [
    "Bearer " + "A" * 100_000,
    "Bearer " + "a.b.c" * 5000,
    "Bearer " + "." * 3,
    "Bearer \u00ff\u00fe.\u00fd.\u00fc",
    "Bearer eyJ" + "=" * 50 + ".eyJ.sig",
    "Bearer " + b64(b"[" * 5000) + ".e30.sig",
    "Bearer " + b64({"alg": "RS256", "kid": "k" * 1000}) + "." + "A" * 15000 + ".sig",
    "Bearer,token",
    "Bearer\ttoken",
    "Bearer null",
    "Bearer undefined",
    "Basic Zm9vOmJhcg==",
    "Digest username=x",
])
def test_oversized_or_garbage_authorization_headers_are_401(client, header):
    response = client.get("/api/private", headers={"Authorization": header})
    assert_rejected(response)


def test_token_signed_by_another_key_under_the_published_kid_is_rejected(client, minter):
    impostor = TokenMinter(issuer=minter.issuer, kid=minter.kid)
    token = impostor.access_token(permissions=["read:orders", "read:reports"])
    assert_rejected(client.get("/api/orders", headers=bearer(token)),
                    "The token signature is invalid")


def test_token_of_another_tenant_signed_with_a_known_key_is_rejected(client, minter):
    token = minter.access_token(iss="https://attacker-tenant.auth0.com/")
    assert_rejected(client.get("/api/private", headers=bearer(token)),
                    "The token was not issued by the expected tenant")


def test_token_of_another_tenant_with_its_own_key_is_rejected(client):
    other = TokenMinter(issuer="https://attacker-tenant.auth0.com/")
    assert_rejected(client.get("/api/private", headers=bearer(other.access_token())),
                    "The token was signed with an unknown key")


def test_tampered_permissions_are_rejected(client, minter):
    token = TokenMinter.tamper(minter.access_token(), permissions=["read:reports"])
    assert_rejected(client.get("/api/reports/orders", headers=bearer(token)),
                    "The token signature is invalid")


def test_expired_token_is_rejected(client, minter):
    now = int(time.time())
    assert_rejected(client.get("/api/private",
                               headers=bearer(minter.access_token(iat=now - 90000, exp=now - 60))),
                    "The token has expired")


def test_token_for_another_audience_is_rejected(client, minter):
    token = minter.access_token(aud=["https://other-api.example/", f"{minter.issuer}userinfo"])
    assert_rejected(client.get("/api/private", headers=bearer(token)),
                    "The token was not issued for this API")


def test_id_token_is_not_an_access_token(client, minter):
    token = minter.id_token("test-client-id")
    assert_rejected(client.get("/api/private", headers=bearer(token)),
                    "The token was not issued for this API")


def test_challenge_never_echoes_the_token(client, minter):
    token = TokenMinter.tamper(minter.access_token(), sub='x" , error="none')
    response = client.get("/api/private", headers=bearer(token))
    assert_rejected(response)
    assert token not in response.headers["WWW-Authenticate"]
    assert token not in response.get_data(as_text=True)


@pytest.mark.parametrize("item", [
    "'; DROP TABLE orders; --",
    "1 OR 1=1",
    "Robert'); DELETE FROM orders WHERE ('1'='1",
    '" UNION SELECT owner_sub, item FROM orders --',
    "<script>alert(1)</script>",
    "Trävel \u2603 \U0001f9f3",
])
def test_hostile_items_are_stored_verbatim_and_not_executed(client, minter, item):
    victim = minter.access_token(sub="auth0|victim")
    attacker = minter.access_token(sub="auth0|attacker")
    assert client.post("/api/orders", json={"item": "victim's order", "quantity": 1},
                       headers=bearer(victim)).status_code == 201
    created = client.post("/api/orders", json={"item": item, "quantity": 1},
                          headers=bearer(attacker))
    assert created.status_code == 201
    assert created.get_json()["item"] == item
    mine = client.get("/api/orders", headers=bearer(attacker)).get_json()["orders"]
    assert [o["item"] for o in mine] == [item]
    theirs = client.get("/api/orders", headers=bearer(victim)).get_json()["orders"]
    assert [o["item"] for o in theirs] == ["victim's order"]


def test_owner_cannot_be_smuggled_in_the_body(client, minter):
    attacker = minter.access_token(sub="auth0|attacker")
    response = client.post("/api/orders", headers=bearer(attacker),
                           json={"item": "x", "quantity": 1, "owner_sub": "auth0|victim"})
    assert response.status_code == 400
    victim = minter.access_token(sub="auth0|victim")
    assert client.get("/api/orders", headers=bearer(victim)).get_json()["orders"] == []


@pytest.mark.parametrize("body", [
    b"\xff\xfe\x00garbage",
    b'{"item": "x", "quantity": 1e309}',
    b'{"item": "x", "quantity": 99999999999999999999999999999}',
    b'{"item": "x", "quantity": NaN}',
    b'{"item": "x", "quantity": Infinity}',
    b'{"item": {"$gt": ""}, "quantity": 1}',
    b'{"item": "x", "item": "y", "quantity": [1]}',
    b"[" * 3000 + b"]" * 3000,
    b'{"item": "\\ud800", "quantity": 1}',
])
def test_hostile_bodies_never_cause_a_500(client, minter, body):
    response = client.post("/api/orders", data=body, content_type="application/json",
                           headers=bearer(minter.access_token()))
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request"


@pytest.mark.parametrize("path", ["/api/orders/../reports/orders", "/api/%00", "/api/orders%2F1",
                                  "/" + "a" * 5000, "/api/orders?item=';--", "/.env"])
def test_odd_paths_are_json_and_never_500(client, minter, path):
    response = client.get(path, headers=bearer(minter.access_token()))
    assert response.status_code in {200, 403, 404}
    assert response.is_json


def test_claims_of_unexpected_types_are_401_not_500(client, minter):
    for claims in ({"exp": "soon"}, {"permissions": {"read:orders": True}}, {"sub": ["a"]},
                   {"scope": 7, "permissions": None}, {"iat": None, "exp": 1e30}):
        response = client.get("/api/orders", headers=bearer(minter.access_token(**claims)))
        assert_rejected(response)
