"""The API through its test client: a temporary SQLite file and a JWKS served by a minter."""

from __future__ import annotations

import pytest

from api import create_app
from tests.support.tokens import FakeJwksEndpoint, TokenMinter

ISSUER = "https://cookbook-test.local/"


@pytest.fixture(scope="session")
def minter() -> TokenMinter:
    return TokenMinter(issuer=ISSUER)


@pytest.fixture
def jwks_endpoint(minter) -> FakeJwksEndpoint:
    return FakeJwksEndpoint(minter)


@pytest.fixture
def app(tmp_path, jwks_endpoint):
    app = create_app({
        "AUTH0_DOMAIN": "cookbook-test.local",  # a bare domain, as a real tenant is configured
        "DATABASE_URL": f"sqlite:///{tmp_path / 'api.db'}",
        "JWKS_FETCH": jwks_endpoint,
    })
    yield app
    app.extensions["api.db"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
