"""The access-token verification matrix, with locally signed tokens and no HTTP."""

from __future__ import annotations

import time

import pytest
from joserfc import jwt as joserfc_jwt

from api.tokens import TokenError, permissions_of
from tests.support.tokens import AUDIENCE, TokenMinter

pytestmark = pytest.mark.unit

API_TOPIC = pytest.mark.scenario("b2c.phase2.authorization.api-integration")
UNIT_QA = pytest.mark.scenario("b2c.phase1.qa.unit-testing")


def reason(verifier, token) -> str:
    """The rejection reason of ``token``; fails the test if the token is accepted."""
    with pytest.raises(TokenError) as caught:
        verifier.verify(token)
    return caught.value.reason


@API_TOPIC
@UNIT_QA
def test_valid_user_token_returns_its_claims(verifier, minter):
    claims = verifier.verify(minter.access_token(sub="auth0|alice"))
    assert claims["sub"] == "auth0|alice"
    assert claims["iss"] == minter.issuer
    assert claims["permissions"] == ["read:orders", "create:orders"]


@API_TOPIC
def test_audience_list_containing_the_api_is_accepted(verifier, minter):
    token = minter.access_token(aud=[AUDIENCE, f"{minter.issuer}userinfo"])
    assert verifier.verify(token)["aud"] == [AUDIENCE, f"{minter.issuer}userinfo"]


def test_audience_string_is_accepted(verifier, minter):
    assert verifier.verify(minter.m2m_token())["aud"] == AUDIENCE


@API_TOPIC
@UNIT_QA
def test_expired_token_is_rejected(verifier, minter):
    now = int(time.time())
    assert reason(verifier, minter.access_token(iat=now - 7200, exp=now - 3600)) == "expired"


def test_expiry_within_the_leeway_is_tolerated(verifier, minter):
    now = int(time.time())
    assert verifier.verify(minter.access_token(exp=now - 5))["exp"] == now - 5
    assert reason(verifier, minter.access_token(exp=now - 120)) == "expired"


def test_not_yet_valid_token_is_rejected(verifier, minter):
    token = minter.access_token(nbf=int(time.time()) + 3600)
    assert reason(verifier, token) == "not_yet_valid"


def test_token_issued_in_the_future_is_rejected(verifier, minter):
    token = minter.access_token(iat=int(time.time()) + 3600)
    assert reason(verifier, token) == "not_yet_valid"


def test_nbf_within_the_leeway_is_tolerated(verifier, minter):
    nbf = int(time.time()) + 5
    assert verifier.verify(minter.access_token(nbf=nbf))["nbf"] == nbf


@API_TOPIC
@pytest.mark.parametrize("aud", ["https://other-api.example/", ["https://other-api.example/"],
                                 ["https://cookbook-test.local/userinfo"], AUDIENCE.rstrip("/")])
def test_wrong_audience_is_rejected(verifier, minter, aud):
    assert reason(verifier, minter.access_token(aud=aud)) == "invalid_audience"


@API_TOPIC
@pytest.mark.parametrize("iss", ["https://evil.example/", "https://cookbook-test.local",
                                 "https://cookbook-test.local//", "http://cookbook-test.local/"])
def test_wrong_issuer_is_rejected(verifier, minter, iss):
    assert reason(verifier, minter.access_token(iss=iss)) == "invalid_issuer"


@API_TOPIC
def test_alg_none_is_rejected_before_any_key_is_fetched(verifier, minter, endpoint):
    assert reason(verifier, minter.unsigned(minter.claims())) == "unsupported_alg"
    assert endpoint.calls == []


@API_TOPIC
def test_hs256_signed_with_the_public_key_is_rejected(verifier, minter, endpoint):
    token = minter.hs256_with_public_key(minter.claims())
    assert reason(verifier, token) == "unsupported_alg"
    assert endpoint.calls == []


def test_unknown_kid_triggers_one_refetch_then_is_invalid(verifier, minter, endpoint):
    verifier.verify(minter.access_token())
    assert len(endpoint.calls) == 1
    token = minter.sign(minter.claims(), headers={"kid": "not-a-published-kid"})
    assert reason(verifier, token) == "unknown_kid"
    assert len(endpoint.calls) == 2


@pytest.mark.parametrize("header", [{"alg": "RS256"}, {"alg": "RS256", "kid": ""}])
def test_missing_kid_is_rejected(verifier, minter, header):
    token = joserfc_jwt.encode(header, minter.claims(), minter.key)
    assert reason(verifier, token) == "missing_kid"


@API_TOPIC
@UNIT_QA
def test_tampered_payload_fails_the_signature(verifier, minter):
    token = TokenMinter.tamper(minter.access_token(), sub="auth0|someone-else")
    assert reason(verifier, token) == "invalid_signature"


def test_token_signed_by_another_key_with_the_same_kid_fails_the_signature(verifier, minter):
    impostor = TokenMinter(issuer=minter.issuer, kid=minter.kid)
    assert reason(verifier, impostor.access_token()) == "invalid_signature"


@API_TOPIC
@pytest.mark.parametrize("claim", ["exp", "aud", "iss", "sub", "iat"])
def test_token_missing_a_required_claim_is_rejected(verifier, minter, claim):
    assert reason(verifier, minter.access_token(**{claim: None})) == "missing_claim"


@pytest.mark.parametrize("claims", [{"exp": "9999999999"}, {"iat": [1]}, {"nbf": {"a": 1}},
                                    {"sub": 42}, {"permissions": "read:orders"},
                                    {"permissions": [1, 2]}, {"aud": {"x": 1}}])
def test_claims_of_the_wrong_type_are_rejected(verifier, minter, claims):
    assert reason(verifier, minter.access_token(**claims)) == "invalid_claims"


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "..", "a.b", "a.b.c.d",
                                     "W10.e30.sig",
                                     "bnVsbA.e30.sig", "ünïcødé.ü.ü", "\x00.\x00.\x00"])
def test_garbage_strings_are_malformed(verifier, garbage):
    assert reason(verifier, garbage) == "malformed"


def test_oversized_token_is_rejected_without_parsing(verifier, endpoint):
    assert reason(verifier, "a" * 20000 + ".b.c") == "too_large"
    assert endpoint.calls == []


def test_error_descriptions_are_fixed_sentences_without_the_token(verifier, minter):
    token = minter.access_token(exp=int(time.time()) - 3600)
    with pytest.raises(TokenError) as caught:
        verifier.verify(token)
    assert caught.value.description == "The token has expired"
    assert token not in str(caught.value)


@pytest.mark.scenario("b2b.phase2.authorization.roles-permissions")
def test_permissions_come_from_the_permissions_claim_else_from_scope():
    assert permissions_of({"permissions": ["read:orders"], "scope": "openid create:orders"}) == {
        "read:orders"
    }
    assert permissions_of({"scope": "openid read:reports"}) == {"openid", "read:reports"}
    assert permissions_of({"permissions": []}) == frozenset()
    assert permissions_of({}) == frozenset()
