"""The tenant's /health checks its database, signing key and email provider for real, and
/metrics counts logins by outcome and tokens by grant type."""

from __future__ import annotations

import sqlite3

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp
from tests.support.monitoring import break_database_dir, sample
from tests.support.tenant import JANE, demo_password

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.operations.monitoring"),
              pytest.mark.scenario("b2b.phase1.operations.monitoring")]


def test_testall_stays_and_health_names_each_check(http):
    assert http.get("/testall").text == "OK"
    answer = http.get("/health")
    assert answer.status == 200
    assert answer.json() == {"status": "ok", "checks": {
        "database": "ok", "signing_key": "ok", "email_provider": "ok"}}


def test_health_is_503_naming_the_email_provider_when_smtp_is_down(http, mail_sink):
    mail_sink.stop()
    answer = http.get("/health")
    assert answer.status == 503
    body = answer.json()
    assert body["failing"] == ["email_provider"]
    assert body["checks"]["database"] == body["checks"]["signing_key"] == "ok"
    assert body["checks"]["email_provider"].startswith("failing: ConnectionRefusedError")


def test_health_is_503_naming_the_database_when_its_folder_is_gone(tmp_path):
    data = tmp_path / "data"
    app = create_app(tenant_overrides(tmp_path, DATABASE_URL=f"sqlite:///{data}/tenant.db"))
    try:
        assert app.test_client().get("/health").status_code == 200
        break_database_dir(data)
        answer = app.test_client().get("/health")
    finally:
        dispose(app)
    assert answer.status_code == 503
    assert answer.get_json()["failing"] == ["database"]
    assert str(data) not in answer.get_data(as_text=True)  # no paths in the body


def test_health_is_503_when_another_worker_rotated_the_signing_key(tenant_app, http, tmp_path):
    sibling = create_app(tenant_overrides(tmp_path))  # a second worker on the same database
    try:
        sibling.extensions["mock_idp.keys"].rotate(sibling.extensions["mock_idp.clock"].now())
        answer = http.get("/health")
        assert FlaskHttp(sibling.test_client()).get("/health").status == 200
    finally:
        dispose(sibling)
    assert answer.status == 503 and answer.json()["failing"] == ["signing_key"]
    assert "no longer current" in answer.json()["checks"]["signing_key"]


def test_health_is_503_when_the_key_store_lost_its_keys(http, tmp_path):
    with sqlite3.connect(tmp_path / "tenant.db") as store:
        store.execute("DELETE FROM signing_keys")
    answer = http.get("/health")
    assert answer.status == 503 and answer.json()["failing"] == ["signing_key"]
    assert "no current signing key" in answer.json()["checks"]["signing_key"]


def test_metrics_count_logins_by_outcome_and_tokens_by_grant(http, web_flow, clients,
                                                              tenant_app):
    before = http.get("/metrics").text
    web_flow.login(JANE, demo_password(JANE))
    other_browser = CodeFlow(FlaskHttp(tenant_app.test_client()), web_flow.client_id,
                             web_flow.redirect_uri, web_flow.client_secret)
    wrong = other_browser.authorize()
    assert other_browser.submit_login(wrong.location, JANE, "not-her-password").status == 400
    reports = clients["Travel0 Reports"]
    assert http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": reports["client_id"],
        "client_secret": reports["client_secret"],
        "audience": "https://api.cookbook.local/"}).status == 200
    after = http.get("/metrics").text
    for name, labels in (("cookbook_logins_total", {"outcome": "success"}),
                         ("cookbook_logins_total", {"outcome": "wrong_password"}),
                         ("cookbook_tokens_issued_total", {"grant_type": "authorization_code"}),
                         ("cookbook_tokens_issued_total", {"grant_type": "client_credentials"})):
        assert sample(after, name, **labels) == sample(before, name, **labels) + 1, labels
    timed = {"method": "POST", "endpoint": "/oauth/token", "status": "200"}
    assert sample(after, "cookbook_http_request_duration_seconds_count", **timed) >= 2


def test_each_app_instance_has_its_own_registry(tenant_app, tmp_path):
    other = create_app(tenant_overrides(tmp_path / "other"))
    try:
        tenant_app.test_client().get("/testall")
        count = {"method": "GET", "endpoint": "/testall", "status": "200"}
        seen = other.test_client().get("/metrics").get_data(as_text=True)
        assert sample(seen, "cookbook_http_request_duration_seconds_count", **count) == 0
    finally:
        dispose(other)
