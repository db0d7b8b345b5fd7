"""Which tenant the integration tests run against (DESIGN §2.1).

``COOKBOOK_TARGET=mock`` (default) starts a mock tenant in-process on port 0.
``COOKBOOK_TARGET=tenant`` uses a real Auth0 development tenant deployed from
``tenants/``: its domain and the apps' client credentials come from the environment,
and the apps listen on the ports the tenant's callback URLs were deployed with.
Tests needing something only the mock has ask the target and skip with its reason.
"""

from __future__ import annotations

import json
import os
import time
from urllib.parse import quote, urlsplit

import pytest
import requests

from mock_idp import create_app as create_tenant
from mock_idp.db import dispose
from tests.support.servers import LiveServer
from tests.support.tenant import TENANTS, demo_password

APP_CLIENTS = {"b2c": "Travel0 Web", "rewards": "Travel0 Rewards", "b2b": "Travel0 Partners",
               "admin": "Travel0 Operator Console"}
APP_URL_KEYWORDS = {"b2c": "B2C_URL", "rewards": "REWARDS_URL", "b2b": "B2B_URL",
                    "admin": "ADMIN_URL"}


class MockTarget:
    name = "mock"

    def __init__(self, workdir, bcrypt_rounds: int = 4, custom_domain: bool = False):
        self.workdir = workdir
        self.bcrypt_rounds = bcrypt_rounds
        self.server = LiveServer("127.0.0.1")
        # A second listener of the same tenant stands for its custom domain (another host).
        self.custom_server = LiveServer("localhost") if custom_domain else None
        self.app = None

    @property
    def custom_domain_url(self) -> str:
        """The tenant's custom domain as a base URL (this target was made with one)."""
        assert self.custom_server is not None, "MockTarget(custom_domain=True) serves one"
        return self.custom_server.url

    @property
    def base_url(self) -> str:
        return self.server.url

    def app_port(self, _app: str) -> int:
        return 0

    def start(self, keywords: dict, mail_sink=None) -> str:
        """Build and serve the tenant; with ``mail_sink`` its email goes there over SMTP."""
        if self.custom_server is not None:
            keywords = {"CUSTOM_DOMAINS": [{"domain": self.custom_server.url}], **keywords}
        mail = mail_sink.tenant_settings(keywords) if mail_sink else {
            "MAILER": "outbox", "KEYWORDS": keywords}
        self.app = create_tenant({
            "PUBLIC_URL": self.server.url, "SECRET_KEY": "integration",
            "DATABASE_URL": f"sqlite:///{self.workdir}/tenant.db",
            "BCRYPT_ROUNDS": self.bcrypt_rounds, **mail,
        })
        self.server.start(self.app)
        if self.custom_server is not None:
            self.custom_server.start(self.app)
        return self.base_url

    def outbox(self, to: str | None = None, template: str | None = None,
               count: int = 1, deadline: float = 10.0) -> list[dict]:
        """Mail the tenant sent (newest first) once ``count`` match; polls with a deadline."""
        params = {key: value for key, value in (("to", to), ("template", template)) if value}
        end = time.monotonic() + deadline
        while True:
            found = requests.get(f"{self.base_url}/_cookbook/outbox", params=params,
                                 timeout=5).json()
            if len(found) >= count or time.monotonic() > end:
                assert len(found) >= count, f"no {template or 'email'} to {to} within {deadline}s"
                return found

    def needs_outbox(self) -> None:
        """Tests that read mail call this first; the mock has an outbox."""

    def outbox_page(self, to: str | None = None) -> str:
        """The human outbox page (HTML rendered, links clickable)."""
        return f"{self.base_url}/_cookbook/mail" + (f"?to={quote(to)}" if to else "")

    def credentials(self, client_name: str) -> tuple[str, str]:
        clients = requests.get(f"{self.base_url}/_cookbook/clients", timeout=5).json()
        match = next(c for c in clients if c["name"] == client_name)
        return match["client_id"], match["client_secret"]

    def password(self, email: str) -> str:
        return demo_password(email)

    def logs(self, event_type: str | None = None) -> list[dict]:
        params = {"type": event_type} if event_type else None
        return requests.get(f"{self.base_url}/_cookbook/logs", params=params, timeout=5).json()

    def needs_log_sink(self) -> None:
        """Tests that read the stack's log sink call this first; the mock streams to it."""

    def operations_page(self) -> str:
        return f"{self.base_url}/_cookbook/operations"

    def advance_clock(self, seconds: float) -> None:
        """Move the tenant's clock (negative moves it back): expiry without waiting."""
        answer = requests.post(f"{self.base_url}/_cookbook/clock", json={"advance": seconds},
                               timeout=5)
        answer.raise_for_status()

    def stop(self) -> None:
        self.server.stop()
        if self.custom_server is not None:
            self.custom_server.stop()
        if self.app is not None:
            dispose(self.app)


class TenantTarget:
    """A real Auth0 development tenant; see README "Running the tests against a tenant"."""

    name = "tenant"

    def __init__(self, env: str | None = None):
        self.env = env or os.environ.get("COOKBOOK_TENANT_ENV", "dev")
        domain = os.environ.get("AUTH0_DOMAIN")
        if not domain:
            pytest.fail("COOKBOOK_TARGET=tenant needs AUTH0_DOMAIN (and the client credentials)")
        self.base_url = domain if "://" in domain else f"https://{domain}"
        self.base_url = self.base_url.rstrip("/")
        self._keywords = json.loads((TENANTS / "env" / f"{self.env}.json").read_text())

    def app_port(self, app: str) -> int:
        return urlsplit(self._keywords[APP_URL_KEYWORDS[app]]).port or 80

    @property
    def custom_domain_url(self) -> str:
        """The deployed tenant's custom domain, from ``AUTH0_CUSTOM_DOMAIN``."""
        domain = os.environ.get("AUTH0_CUSTOM_DOMAIN")
        if not domain:
            pytest.skip("set AUTH0_CUSTOM_DOMAIN to the tenant's verified custom domain")
        return (domain if "://" in domain else f"https://{domain}").rstrip("/")

    def start(self, _keywords: dict, mail_sink=None) -> str:
        return self.base_url

    def needs_outbox(self) -> None:
        pytest.skip("a real tenant sends through its own email provider; reading its mail "
                    "needs a mailbox the tests cannot see (use a Management API ticket instead)")

    def outbox(self, to: str | None = None, template: str | None = None, **_) -> list[dict]:
        self.needs_outbox()

    def outbox_page(self, to: str | None = None) -> str:
        pytest.skip("a real tenant has no outbox page")

    def credentials(self, client_name: str) -> tuple[str, str]:
        key = {"Travel0 Web": "B2C", "Travel0 Rewards": "REWARDS",
               "Travel0 Management": "MGMT", "Travel0 Partners": "B2B",
               "Travel0 Operator Console": "ADMIN",
               "Sunrise Booking Sync": "PARTNER_SYNC"}[client_name]
        try:
            return (os.environ[f"COOKBOOK_{key}_CLIENT_ID"],
                    os.environ[f"COOKBOOK_{key}_CLIENT_SECRET"])
        except KeyError as missing:
            pytest.fail(f"COOKBOOK_TARGET=tenant needs {missing.args[0]}")

    def password(self, email: str) -> str:
        return os.environ.get("COOKBOOK_DEMO_PASSWORD") or demo_password(email)

    def logs(self, event_type: str | None = None) -> list[dict]:
        pytest.skip("reading tenant logs of a real tenant needs the Management API client "
                    "(not wired into the tests yet)")

    def needs_log_sink(self) -> None:
        pytest.skip("a real tenant streams its logs to the endpoint of tenants/env/<env>.json "
                    "(LOG_SINK_URL); it cannot reach the log sink these tests start locally")

    def operations_page(self) -> str:
        pytest.skip("a real tenant shows its log streams on the Dashboard (Monitoring > Streams)")

    def advance_clock(self, seconds: float) -> None:
        pytest.skip("a real tenant's clock cannot be moved: expiry there takes real time")

    def stop(self) -> None:
        """Nothing to stop: the tenant is not ours."""


def make_target(workdir, custom_domain: bool = False):
    """The target of this run; ``custom_domain``: the mock also serves a custom domain."""
    kind = os.environ.get("COOKBOOK_TARGET", "mock")
    if kind == "mock":
        return MockTarget(workdir, custom_domain=custom_domain)
    if kind == "tenant":
        return TenantTarget()
    raise pytest.UsageError(f"COOKBOOK_TARGET must be 'mock' or 'tenant', not {kind!r}")
