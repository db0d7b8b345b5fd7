"""Fixtures for tests that drive a mock tenant in-process through its Flask test client."""

from __future__ import annotations

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.flows import CodeFlow, FlaskHttp
from tests.support.mail import MailSink


def tenant_overrides(tmp_path, **extra) -> dict:
    """Settings for a throw-away tenant: its own database file, cheap bcrypt, and mail kept
    in its database (``MAILER=outbox``) unless a test gives it a sink (``mail_sink``). Its
    log streams deliver nothing unless a test turns them on (``LOG_STREAMS=True``) and
    points them at a sink (tests/support/logsink.py)."""
    return {"DATABASE_URL": f"sqlite:///{tmp_path}/tenant.db", "BCRYPT_ROUNDS": 4,
            "SECRET_KEY": "test-secret", "MAILER": "outbox", "LOG_STREAMS": False, **extra}


@pytest.fixture
def mail_sink(tmp_path):
    """A real SMTP sink with its JSON API, both on port 0 (tests/support/mail.py)."""
    sink = MailSink(tmp_path)
    yield sink
    sink.stop()


@pytest.fixture
def tenant_app(tmp_path, mail_sink):
    """The main tenant, sending every email over SMTP to ``mail_sink``."""
    app = create_app(tenant_overrides(tmp_path, **mail_sink.tenant_settings()))
    yield app
    dispose(app)


@pytest.fixture
def http(tenant_app):
    return FlaskHttp(tenant_app.test_client())


@pytest.fixture
def clients(http) -> dict:
    """The tenant's clients by name, with their credentials (from the control plane)."""
    return {client["name"]: client for client in http.get("/_cookbook/clients").json()}


@pytest.fixture
def web_flow(http, clients) -> CodeFlow:
    web = clients["Travel0 Web"]
    return CodeFlow(http, web["client_id"], "http://localhost:5000/callback", web["client_secret"])


@pytest.fixture
def logs(http):
    """Read the tenant log, newest first; optionally filtered by type."""

    def read(event_type: str | None = None) -> list[dict]:
        params = {"type": event_type} if event_type else None
        return http.get("/_cookbook/logs", params=params).json()

    return read


@pytest.fixture
def actions_tenant(tmp_path):
    """Start a copy of the main tenant with extra Actions bound (tests/support/actions.py)."""
    from tests.support.actions import start_tenant

    started = []

    def start(*actions, shipped: bool = True, **settings):
        tenant = start_tenant(tmp_path / f"tenant{len(started)}", actions, shipped, **settings)
        started.append(tenant.app)
        return tenant

    yield start
    for app in started:
        dispose(app)
