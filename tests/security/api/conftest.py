"""The API under attack through its test client; the tenant's JWKS is served by a minter."""

from __future__ import annotations

import pytest

from api import create_app
from tests.support.tokens import TokenMinter

ISSUER = "https://cookbook-test.local/"


@pytest.fixture(scope="session")
def minter() -> TokenMinter:
    return TokenMinter(issuer=ISSUER)


@pytest.fixture
def jwks_calls() -> list[str]:
    return []


@pytest.fixture
def app(tmp_path, minter, jwks_calls):
    def fetch(url: str) -> dict:
        jwks_calls.append(url)
        return minter.jwks()

    app = create_app({
        "AUTH0_DOMAIN": ISSUER,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'api.db'}",
        "JWKS_FETCH": fetch,
    })
    yield app
    app.extensions["api.db"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()
