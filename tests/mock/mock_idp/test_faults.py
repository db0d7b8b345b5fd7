"""The control plane's one-shot faults: a test makes the tenant refuse one call, for real."""

from __future__ import annotations

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.fixtures import tenant_overrides

pytestmark = pytest.mark.mock


@pytest.fixture
def client(tmp_path):
    app = create_app(tenant_overrides(tmp_path))
    yield app.test_client()
    dispose(app)


def test_an_armed_fault_answers_the_next_matching_call_once_in_auth0s_shape(client):
    armed = client.post("/_cookbook/faults", json={
        "method": "post", "path": "/api/v2/organizations/*/members", "status": 429})
    assert armed.status_code == 201
    assert client.get("/_cookbook/faults").get_json()[0]["status"] == 429
    assert client.get("/api/v2/organizations/org_1/members").status_code == 401  # not a POST
    hit = client.post("/api/v2/organizations/org_1/members", json={})
    assert hit.status_code == 429
    assert hit.get_json() == {"statusCode": 429, "error": "Too Many Requests",
                              "message": "Global limit has been reached"}
    assert client.post("/api/v2/organizations/org_1/members", json={}).status_code == 401
    assert client.get("/_cookbook/faults").get_json() == []


def test_faults_can_be_cleared_and_bad_ones_are_refused(client):
    client.post("/_cookbook/faults", json={"method": "GET", "path": "/testall", "status": 503,
                                           "message": "down for a test", "errorCode": "x"})
    assert client.delete("/_cookbook/faults").status_code == 204
    assert client.get("/testall").status_code == 200
    for body in ({"method": "GET", "path": "/testall", "status": 200},
                 {"method": "BREW", "path": "/testall", "status": 500},
                 {"method": "GET", "path": "testall", "status": 500},
                 {"method": "GET", "path": "/_cookbook/clients", "status": 500}, []):
        assert client.post("/_cookbook/faults", json=body).status_code == 400


def test_there_are_no_faults_without_the_control_plane(tmp_path):
    app = create_app(tenant_overrides(tmp_path, CONTROL_PLANE=False))
    try:
        assert app.test_client().post("/_cookbook/faults", json={}).status_code == 404
    finally:
        dispose(app)
