"""A verifier wired to a TokenMinter's JWKS through a counting fake fetch (no HTTP)."""

from __future__ import annotations

import pytest

from api.jwks import JwksCache
from api.tokens import TokenVerifier
from tests.support.tokens import AUDIENCE, FakeJwksEndpoint, TokenMinter


class FakeClock:
    """A monotonic clock the test moves by hand (no sleeps)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def minter() -> TokenMinter:
    return TokenMinter(issuer="https://cookbook-test.local/")


@pytest.fixture
def endpoint(minter) -> FakeJwksEndpoint:
    return FakeJwksEndpoint(minter)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cache(endpoint, clock) -> JwksCache:
    return JwksCache("https://cookbook-test.local/.well-known/jwks.json", endpoint,
                     ttl=600, min_refetch_interval=10, clock=clock)


@pytest.fixture
def verifier(minter, cache) -> TokenVerifier:
    return TokenVerifier(minter.issuer, AUDIENCE, cache)
