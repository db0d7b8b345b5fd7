"""The API under attack, wired as in the mock tier: a temporary SQLite file and a JWKS
served by a minter through the ``JWKS_FETCH`` override."""

from __future__ import annotations

import pytest

from tests.mock.api.conftest import app, client, jwks_endpoint, minter  # noqa: F401 - fixtures


@pytest.fixture
def jwks_calls(jwks_endpoint) -> list[str]:  # noqa: F811 - the imported fixture
    """URLs the API fetched keys from during the test."""
    return jwks_endpoint.calls
