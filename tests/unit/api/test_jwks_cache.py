"""The JWKS cache: fetched once, refetched once on rotation, never stormed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from api.jwks import JwksCache, JwksUnavailable, parse_jwks
from api.tokens import TokenError, TokenVerifier
from tests.support.tokens import AUDIENCE, TokenMinter

pytestmark = pytest.mark.unit


def unknown_kid_token(minter: TokenMinter, kid: str) -> str:
    return minter.sign(minter.claims(), headers={"kid": kid})


@pytest.mark.scenario("b2c.phase1.qa.unit-testing")
def test_jwks_is_fetched_once_for_many_verifications(verifier, minter, endpoint):
    for n in range(50):
        claims = verifier.verify(minter.access_token(sub=f"auth0|user-{n}"))
        assert claims["sub"] == f"auth0|user-{n}"
    assert endpoint.calls == ["https://cookbook-test.local/.well-known/jwks.json"]


def test_unknown_kid_is_refetched_exactly_once(verifier, minter, endpoint):
    verifier.verify(minter.access_token())
    with pytest.raises(TokenError, match="unknown key"):
        verifier.verify(unknown_kid_token(minter, "rotated-away"))
    assert len(endpoint.calls) == 2


@pytest.mark.scenario("b2c.phase2.authorization.api-integration")
def test_rotated_key_is_accepted_after_one_refetch(verifier, minter, endpoint):
    verifier.verify(minter.access_token())
    successor = TokenMinter(issuer=minter.issuer)
    endpoint.published.append(successor)  # the tenant rotates: the new key joins the JWKS
    assert verifier.verify(successor.access_token(sub="auth0|after-rotation"))["sub"] == (
        "auth0|after-rotation"
    )
    assert verifier.verify(minter.access_token())["iss"] == minter.issuer  # old key still listed
    assert len(endpoint.calls) == 2


def test_a_flood_of_unknown_kids_causes_at_most_one_refetch(verifier, minter, endpoint):
    verifier.verify(minter.access_token())
    for n in range(200):
        with pytest.raises(TokenError):
            verifier.verify(unknown_kid_token(minter, f"made-up-{n}"))
    assert len(endpoint.calls) == 2


def test_concurrent_unknown_kids_cause_at_most_one_refetch(verifier, minter, endpoint):
    verifier.verify(minter.access_token())
    tokens = [unknown_kid_token(minter, f"made-up-{n}") for n in range(64)]

    def outcome(token):
        try:
            verifier.verify(token)
            return "accepted"
        except TokenError as exc:
            return exc.reason

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert set(pool.map(outcome, tokens)) == {"unknown_kid"}
    assert len(endpoint.calls) == 2


def test_concurrent_first_use_fetches_once(verifier, minter, endpoint):
    tokens = [minter.access_token(sub=f"auth0|u{n}") for n in range(32)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        subs = list(pool.map(lambda t: verifier.verify(t)["sub"], tokens))
    assert subs == [f"auth0|u{n}" for n in range(32)]
    assert len(endpoint.calls) == 1


def test_unknown_kid_may_refetch_again_after_the_interval(verifier, minter, endpoint, clock):
    verifier.verify(minter.access_token())
    with pytest.raises(TokenError):
        verifier.verify(unknown_kid_token(minter, "first"))
    clock.now += 5
    with pytest.raises(TokenError):
        verifier.verify(unknown_kid_token(minter, "second"))
    assert len(endpoint.calls) == 2
    clock.now += 6
    successor = TokenMinter(issuer=minter.issuer)
    endpoint.published.append(successor)
    assert verifier.verify(successor.access_token())["iss"] == minter.issuer
    assert len(endpoint.calls) == 3


def test_cache_is_refreshed_after_its_ttl(verifier, minter, endpoint, clock):
    verifier.verify(minter.access_token())
    clock.now += 599
    verifier.verify(minter.access_token())
    assert len(endpoint.calls) == 1
    clock.now += 2
    verifier.verify(minter.access_token())
    assert len(endpoint.calls) == 2


def test_stale_keys_keep_working_while_the_tenant_is_unreachable(verifier, minter, endpoint,
                                                                 clock):
    verifier.verify(minter.access_token())
    endpoint.fail = True
    clock.now += 700
    for _ in range(20):
        assert verifier.verify(minter.access_token())["sub"] == "auth0|demo-user"
    assert len(endpoint.calls) == 2  # one failed refresh, then back off


def test_unreachable_jwks_without_cached_keys_is_unavailable_and_backs_off(cache, endpoint, clock,
                                                                           minter):
    endpoint.fail = True
    for _ in range(10):
        with pytest.raises(JwksUnavailable):
            cache.key_for(minter.kid)
    assert cache.ensure_loaded() is False
    assert len(endpoint.calls) == 1  # retries wait for the interval
    clock.now += 11
    endpoint.fail = False
    assert cache.key_for(minter.kid) is not None
    assert len(endpoint.calls) == 2
    assert cache.ensure_loaded() is True
    assert cache.key_ids == [minter.kid]


def test_only_public_rs256_signing_keys_are_kept(minter):
    rsa = minter.jwks()["keys"][0]
    document = {"keys": [
        rsa,
        {**rsa, "kid": "enc-key", "use": "enc"},
        {**rsa, "kid": "ps256-key", "alg": "PS256"},
        {"kty": "oct", "kid": "hmac-key", "k": "c2VjcmV0"},
        {"kty": "EC", "kid": "ec-key", "crv": "P-256", "x": "AA", "y": "AA"},
        {**rsa, "kid": "private-key", "d": "AQAB"},
        {**rsa, "kid": ["not", "a", "string"]},
        "not a key",
    ]}
    assert list(parse_jwks(document)) == [minter.kid]


def test_hmac_key_published_in_the_jwks_cannot_be_used(minter):
    hmac_key = {"kty": "oct", "kid": "hmac-key", "k": "c2VjcmV0"}
    document = {"keys": [*minter.jwks()["keys"], hmac_key]}
    cache = JwksCache("https://cookbook-test.local/.well-known/jwks.json", lambda url: document)
    verifier = TokenVerifier(minter.issuer, AUDIENCE, cache)
    token = minter.sign(minter.claims(), headers={"kid": "hmac-key"})
    with pytest.raises(TokenError) as caught:
        verifier.verify(token)
    assert caught.value.reason == "unknown_kid"


@pytest.mark.parametrize("document", [{}, {"keys": "x"}, [], {"keys": []}])
def test_useless_jwks_documents_count_as_a_failed_fetch(document):
    cache = JwksCache("https://cookbook-test.local/.well-known/jwks.json", lambda url: document)
    with pytest.raises(JwksUnavailable):
        cache.key_for("any")
