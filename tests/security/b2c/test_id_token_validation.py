"""A bad ID token at the callback logs nobody in and ends on a clear 400 page."""

from __future__ import annotations

import time

import pytest

from tests.mock.b2c.support import login, server_session
from tests.support.tokens import TokenMinter

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2c.phase1.authentication.universal-login")]


def _claims(idp, nonce, **changes):
    now = int(time.time())
    claims = {"iss": idp.issuer, "sub": "auth0|attacker", "aud": idp.client_id, "iat": now,
              "exp": now + 3600, "nonce": nonce}
    claims.update(changes)
    return claims


CLAIM_CASES = {
    "wrong nonce": {"nonce": "attacker-nonce"},
    "missing nonce": {"nonce": None},
    "wrong issuer": {"iss": "https://evil.example/"},
    "issuer without trailing slash": {"iss": "ISSUER-NO-SLASH"},
    "wrong audience": {"aud": "some-other-client"},
    "audience list without us": {"aud": ["some-other-client"]},
    "expired": {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
    "other authorized party": {"azp": "some-other-client"},
}


@pytest.mark.parametrize("changes", CLAIM_CASES.values(), ids=CLAIM_CASES.keys())
def test_id_token_with_bad_claims_is_rejected(client, fake_idp, changes):
    if changes.get("iss") == "ISSUER-NO-SLASH":
        changes = {"iss": fake_idp.issuer.rstrip("/")}
    fake_idp.id_token_claims = changes
    _assert_rejected(client)


def _unsigned(idp):
    return lambda nonce: idp.minter.unsigned(_claims(idp, nonce))


def _hs256(idp):
    return lambda nonce: idp.minter.hs256_with_public_key(_claims(idp, nonce))


def _foreign_key(idp):
    stranger = TokenMinter(issuer=idp.issuer, kid=idp.minter.kid)
    return lambda nonce: stranger.sign(_claims(idp, nonce))


def _tampered(idp):
    return lambda nonce: idp.minter.tamper(idp.minter.sign(_claims(idp, nonce)),
                                           sub="auth0|admin")


def _garbage(idp):
    return lambda nonce: "not-a-jwt"


FORGERIES = {"alg none": _unsigned, "HS256 with the public key": _hs256,
             "signed by another key": _foreign_key, "tampered payload": _tampered,
             "not a JWT": _garbage}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_forged_id_token_is_rejected(client, fake_idp, forge):
    fake_idp.id_token_factory = forge(fake_idp)
    _assert_rejected(client)


@pytest.mark.parametrize("forge", [_unsigned, _hs256], ids=["alg none", "HS256"])
def test_algorithms_stay_pinned_whatever_discovery_advertises(client, fake_idp, forge):
    fake_idp.discovery_overrides = {
        "id_token_signing_alg_values_supported": ["none", "HS256", "RS256"]}
    fake_idp.id_token_factory = forge(fake_idp)
    _assert_rejected(client)


def test_token_response_without_id_token_logs_nobody_in(client, fake_idp):
    fake_idp.id_token_factory = lambda nonce: None
    _assert_rejected(client)
    assert "id_token" not in fake_idp.issued[-1]


def _assert_rejected(client):
    response = login(client)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-error="invalid_id_token"' in page and 'id="error-title"' in page
    assert "tokens" not in server_session(client) and "user" not in server_session(client)
    assert client.get("/profile").status_code == 302
