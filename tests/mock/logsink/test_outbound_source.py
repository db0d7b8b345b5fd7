"""The firewall end to end: the tenant calls out from one documented source address
(``OUTBOUND_ADDRESS``), and the receivers admit exactly that address."""

from __future__ import annotations

import pytest
import requests

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp
from tests.support.legacy import API_SECRET, CLASSIC, OLIVIA, members, start_legacy
from tests.support.legacy import CALLBACK as WEB_CALLBACK
from tests.support.logsink import SECRET, LogSink

pytestmark = pytest.mark.mock

TENANT_SOURCE = "127.0.0.2"  # the tenant's published outbound address (127/8 is loopback)


@pytest.fixture
def receivers(tmp_path):
    sink = LogSink(tmp_path, ALLOWED_IPS=f"{TENANT_SOURCE}/32")
    legacy = start_legacy(tmp_path / "legacy", ALLOWED_IPS=TENANT_SOURCE)
    yield sink, legacy
    sink.stop()
    legacy.stop()


def start_tenant(tmp_path, sink, legacy, source: str):
    app = create_app(tenant_overrides(
        tmp_path / f"tenant-{source or 'any'}", OUTBOUND_ADDRESS=source, LOG_STREAMS=True,
        KEYWORDS={**sink.keywords(), "LEGACY_API_URL": legacy.url, "LEGACY_API_SECRET": API_SECRET}))
    return app, FlaskHttp(app.test_client())


def classic_login(http):
    web = {c["name"]: c for c in http.get("/_cookbook/clients").json()}["Travel0 Web"]
    flow = CodeFlow(http, web["client_id"], WEB_CALLBACK, web["client_secret"])
    return flow.submit_login(flow.authorize(connection=CLASSIC, prompt="login").location,
                             OLIVIA, members()[OLIVIA])


@pytest.mark.scenario("b2c.phase1.operations.firewall")
def test_the_tenants_calls_come_from_its_source_and_nobody_else_gets_in(tmp_path, receivers):
    sink, legacy = receivers
    app, http = start_tenant(tmp_path, sink, legacy, TENANT_SOURCE)
    try:
        assert classic_login(http).status == 302, "the custom DB script reached Travel0 Classic"
        events = sink.wait_for(lambda found: any(e["data"]["type"] == "s" for e in found),
                               what="the migration login", direct=True)
        assert events and {b["source_ip"] for b in sink.app.extensions["logsink.store"].list()} \
            == {TENANT_SOURCE}
    finally:
        dispose(app)
    # The test itself calls from 127.0.0.1: right secret, wrong source.
    forged = requests.post(sink.endpoint, json=[{"log_id": "x", "data": {"type": "s"}}],
                           headers={"Authorization": f"Bearer {SECRET}"}, timeout=5)
    assert forged.status_code == 403
    direct = requests.post(f"{legacy.url}/api/users/verify", timeout=5,
                           json={"email": OLIVIA, "password": members()[OLIVIA]},
                           headers={"Authorization": f"Bearer {API_SECRET}"})
    assert direct.status_code == 403


def test_a_tenant_calling_from_another_address_is_refused(tmp_path, receivers):
    sink, legacy = receivers
    app, http = start_tenant(tmp_path, sink, legacy, "")  # the OS picks 127.0.0.1
    try:
        refused = classic_login(http)
        assert refused.status == 400, "the legacy API answered 403: the login cannot go on"
        failure = http.get("/_cookbook/logs", params={"type": "f"}).json()
        assert failure and "403" in failure[0]["description"]
    finally:
        dispose(app)
