"""Travel0 Classic through its Flask test client, with a known API secret."""

from __future__ import annotations

import pytest

from apps.legacy import create_app
from apps.legacy.db import dispose
from tests.support.legacy import API_SECRET, legacy_settings


@pytest.fixture
def legacy_app(tmp_path):
    app = create_app(legacy_settings(tmp_path))
    yield app
    dispose(app)


@pytest.fixture
def client(legacy_app):
    return legacy_app.test_client()


@pytest.fixture
def auth() -> dict:
    return {"Authorization": f"Bearer {API_SECRET}"}
