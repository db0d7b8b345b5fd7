"""Management API test support: a tenant on a live port-0 server (so its issuer and the
Management API audience are its real URL), M2M tokens over ``/oauth/token``, and the
official ``auth0-python`` client pointed at it."""

from __future__ import annotations

import time

import httpx
import pytest
from auth0.management import Auth0
from sqlalchemy import update

from mock_idp import create_app
from mock_idp.db import dispose
from mock_idp.management.scopes import SCOPES
from mock_idp.models import ClientGrant
from tests.support.fixtures import tenant_overrides
from tests.support.flows import RequestsHttp
from tests.support.servers import LiveServer

MANAGER = "Travel0 Management"


class LiveTenant:
    """A running tenant: its app, base URL and a requests-based HTTP client."""

    def __init__(self, app, url: str):
        self.app, self.url = app, url
        self.http = RequestsHttp(url)
        self.audience = f"{url}/api/v2/"

    def clients(self) -> dict:
        return {c["name"]: c for c in self.http.get("/_cookbook/clients").json()}

    def grant(self, client_name: str, scopes) -> None:
        """What a tenant admin does in the dashboard: authorize a client for these scopes."""
        client_id = self.clients()[client_name]["client_id"]
        with self.app.extensions["mock_idp.db"]() as db:
            db.execute(update(ClientGrant).where(ClientGrant.client_id == client_id,
                                                 ClientGrant.audience == self.audience)
                       .values(scope=list(scopes)))
            db.commit()

    def token(self, client_name: str = MANAGER, scope: str | None = None, **extra) -> str:
        client = self.clients()[client_name]
        data = {"grant_type": "client_credentials", "client_id": client["client_id"],
                "client_secret": client["client_secret"], "audience": self.audience, **extra}
        if scope is not None:
            data["scope"] = scope
        response = self.http.post("/oauth/token", data=data)
        assert response.status == 200, response.text
        return response.json()["access_token"]

    def sdk(self, token: str) -> Auth0:
        """The official client, on this tenant, without retries (a retry would sleep)."""
        return Auth0(base_url=f"{self.url}/api/v2", token=token, max_retries=0,
                     httpx_client=httpx.Client(timeout=10))

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        with httpx.Client(base_url=self.url, timeout=10) as client:
            return client.request(method, f"/api/v2{path}", headers=headers, **kwargs)

    def wait_for_mail(self, to: str | None = None, template: str | None = None,
                      deadline: float = 10.0) -> list[dict]:
        """The tenant's outbox once a matching message is there (jobs mail after they end)."""
        params = {key: value for key, value in (("to", to), ("template", template)) if value}
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            mail = self.http.get("/_cookbook/outbox", params=params).json()
            if mail:
                return mail
        raise AssertionError(f"no {template or 'email'} in the outbox within {deadline}s")

    def wait_for_job(self, api: Auth0, job_id: str, deadline: float = 10.0):
        """Poll the job until it ends (no sleeping: the poll itself paces the loop)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            job = api.jobs.get(job_id)
            if job.status in ("completed", "failed"):
                return job
        raise AssertionError(f"job {job_id} did not finish within {deadline}s")


@pytest.fixture
def live_tenant(tmp_path, mail_sink):
    server = LiveServer()
    # Job polling reads as fast as it can; the rate limit has its own tests.
    app = create_app(tenant_overrides(tmp_path, PUBLIC_URL=server.url, MGMT_RATE_LIMIT=10**6,
                                      MGMT_RATE_REFILL=10**6, **mail_sink.tenant_settings()))
    server.start(app)
    yield LiveTenant(app, server.url)
    server.stop()
    dispose(app)


@pytest.fixture
def admin_api(live_tenant) -> Auth0:
    """The SDK with a token holding every Management API scope (an automation client)."""
    live_tenant.grant(MANAGER, SCOPES)
    return live_tenant.sdk(live_tenant.token())


@pytest.fixture
def manager_api(live_tenant) -> Auth0:
    """The SDK with the Travel0 Management client's own grant, as the tenant files set it."""
    return live_tenant.sdk(live_tenant.token())
