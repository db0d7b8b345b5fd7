"""The mock tenant rendered for another environment runs the qa or prod variant of the files."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mock_idp import create_app
from mock_idp.db import dispose
from mock_idp.models import User
from scenarios.services import build_services
from tests.support.fixtures import tenant_overrides
from tests.support.flows import FlaskHttp

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.architecture.sdlc")]


@pytest.fixture
def qa_tenant(tmp_path):
    app = create_app(tenant_overrides(tmp_path, ENV="qa"))
    yield FlaskHttp(app.test_client())
    dispose(app)


def test_qa_tenant_uses_the_qa_keyword_values(qa_tenant):
    clients = {c["name"]: c for c in qa_tenant.get("/_cookbook/clients").json()}
    web = clients["Travel0 Web"]
    response = qa_tenant.get("/authorize", params={
        "response_type": "code", "client_id": web["client_id"], "scope": "openid",
        "redirect_uri": "https://qa.travel0.example/callback", "state": "s"})
    assert response.location.startswith("/u/login/identifier?state=")
    assert "Travel0 (qa)" in qa_tenant.get(response.location).text


def test_prod_tenant_imports_no_demo_users(tmp_path):
    app = create_app(tenant_overrides(tmp_path, ENV="prod"))
    try:
        with app.extensions["mock_idp.db"]() as db:
            assert db.scalar(select(func.count()).select_from(User)) == 0
    finally:
        dispose(app)


def test_cookbook_up_passes_the_environment_to_the_tenant():
    tenant = build_services(env="qa")[0]
    assert tenant.env["MOCK_IDP_ENV"] == "qa"
    assert build_services()[0].env["MOCK_IDP_ENV"] == "dev"
