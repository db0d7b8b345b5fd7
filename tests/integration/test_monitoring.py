"""Operators' view of live services: each /health turns 503 naming the dependency that was
really stopped, and /metrics moves after a real browser login and token requests."""

from __future__ import annotations

import pytest

from api import create_app as create_api
from apps.b2c import create_app as create_b2c
from apps.legacy import create_app as create_legacy
from tests.support.monitoring import break_database_dir, health, sample, scrape
from tests.support.servers import LiveServer
from tests.support.stack import start_stack
from tests.support.target import MockTarget
from tests.support.tenant import AUDIENCE, JANE

pytestmark = [pytest.mark.integration, pytest.mark.scenario("b2c.phase1.operations.monitoring")]


@pytest.fixture
def own_stack(tmp_path):
    """A stack of our own, since these tests stop parts of it."""
    running = start_stack(MockTarget(tmp_path), tmp_path)
    yield running
    running.stop()


def test_every_service_is_healthy_and_names_its_checks(own_stack):
    expected = {
        own_stack.tenant_url: {"database", "signing_key", "email_provider"},
        own_stack.api_url: {"database", "jwks"},
        own_stack.app_urls["b2c"]: {"database", "tenant_discovery", "tenant_jwks", "api"},
        own_stack.legacy_url: {"database"},
        own_stack.mail_sink.url: {"database", "smtp"},
    }
    for url, checks in expected.items():
        status, body = health(url)
        assert status == 200, (url, body)
        assert set(body["checks"]) == checks and set(body["checks"].values()) == {"ok"}


def test_stopping_the_api_shows_on_the_apps(own_stack):
    own_stack.servers[0].stop()  # the API's server (stack.py starts it first)
    status, body = health(own_stack.app_urls["b2c"])
    assert status == 503 and body["failing"] == ["api"]


def test_stopping_the_tenant_shows_on_the_api_and_the_apps(own_stack):
    own_stack.target.server.stop()
    status, body = health(own_stack.api_url)
    assert status == 503 and body["failing"] == ["jwks"]
    status, body = health(own_stack.app_urls["b2c"])
    assert status == 503
    assert {"tenant_discovery", "tenant_jwks"} <= set(body["failing"])


def test_stopping_smtp_shows_on_the_tenant_and_the_sink(own_stack):
    own_stack.mail_sink.app.extensions["mailsink.smtp"].stop()
    for url, name in ((own_stack.tenant_url, "email_provider"), (own_stack.mail_sink.url, "smtp")):
        status, body = health(url)
        assert status == 503 and body["failing"] == [name], url


@pytest.mark.parametrize("service", ["api", "b2c", "legacy"])
def test_a_lost_database_folder_is_503_naming_the_database(tmp_path, service):
    data = tmp_path / "data"
    data.mkdir()
    url = f"sqlite:///{data}/{service}.db"
    app = {"api": lambda: create_api({"AUTH0_DOMAIN": "http://127.0.0.1:9", "AUDIENCE": AUDIENCE,
                                      "DATABASE_URL": url}),
           "b2c": lambda: create_b2c({"AUTH0_CLIENT_ID": "x", "AUTH0_CLIENT_SECRET": "y",
                                      "MGMT_CLIENT_ID": "m", "MGMT_CLIENT_SECRET": "s",
                                      "DATABASE_URL": url, "API_URL": ""}),
           "legacy": lambda: create_legacy({"DATABASE_URL": url})}[service]()
    server = LiveServer("localhost").start(app)
    try:
        break_database_dir(data)
        status, body = health(server.url)
    finally:
        server.stop()
    assert status == 503 and "database" in body["failing"]


def test_metrics_move_after_a_browser_login_and_an_api_call(b2c, universal_login, stack, page):
    urls = {"tenant": stack.tenant_url, "b2c": stack.app_urls["b2c"], "api": stack.api_url}
    before = {name: scrape(url) for name, url in urls.items()}
    b2c.open()
    b2c.click_log_in()
    universal_login.log_in(JANE, stack.target.password(JANE))
    b2c.expect_logged_in_as("Jane Traveller")
    b2c.open("/orders")
    after = {name: scrape(url) for name, url in urls.items()}

    def moved(service: str, name: str, **labels) -> float:
        return sample(after[service], name, **labels) - sample(before[service], name, **labels)

    assert moved("tenant", "cookbook_logins_total", outcome="success") >= 1
    assert moved("tenant", "cookbook_tokens_issued_total", grant_type="authorization_code") >= 1
    assert moved("b2c", "cookbook_logins_total", outcome="success") == 1
    assert moved("api", "cookbook_http_request_duration_seconds_count", method="GET",
                 endpoint="/api/orders", status="200") >= 1
