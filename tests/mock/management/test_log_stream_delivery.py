"""How the delivery worker treats a receiver in trouble: exponential back-off, suspension
after the limit, and a login that never waits for a receiver that hangs."""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug.wrappers import Request, Response

from mock_idp import create_app
from mock_idp.db import dispose
from mock_idp.management.scopes import SCOPES
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow
from tests.support.management import MANAGER, LiveTenant
from tests.support.servers import LiveServer
from tests.support.tenant import JANE, demo_password

pytestmark = pytest.mark.mock


class Receiver:
    """A webhook that records when it was called and answers 503, or hangs until released."""

    def __init__(self, hang: bool = False):
        self.calls: list[float] = []
        self.release = threading.Event()
        self.hang = hang
        self.server = LiveServer().start(self)

    def __call__(self, environ, start_response):
        Request(environ).get_data()
        self.calls.append(time.monotonic())
        if self.hang:
            self.release.wait(10)
        return Response("down", status=503)(environ, start_response)

    def stop(self) -> None:
        self.release.set()
        self.server.stop()


@pytest.fixture
def tenant(tmp_path):
    server = LiveServer()
    app = create_app(tenant_overrides(
        tmp_path, PUBLIC_URL=server.url, LOG_STREAMS=True, LOG_STREAM_RETRY_MS=50,
        LOG_STREAM_MAX_FAILURES=4, LOG_STREAM_TIMEOUT_MS=3000))
    server.start(app)
    live = LiveTenant(app, server.url)
    live.grant(MANAGER, SCOPES)
    yield live
    server.stop()
    dispose(app)


def point_stream_at(tenant: LiveTenant, url: str) -> str:
    api = tenant.sdk(tenant.token())
    [stream] = api.log_streams.list()
    # (until now it pointed at the dev sink, which is not running: it may be suspended)
    api.log_streams.update(stream.id, sink={"httpEndpoint": url}, status="active")
    return stream.id


def wait_until(check, deadline: float = 10.0):
    end = time.monotonic() + deadline
    while not check():
        assert time.monotonic() < end, "timed out"
        threading.Event().wait(0.01)


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_retries_back_off_exponentially_then_the_stream_is_suspended(tenant):
    receiver = Receiver()
    try:
        stream_id = point_stream_at(tenant, receiver.server.url + "/hook")
        wait_until(lambda: len(receiver.calls) >= 4)
        api = tenant.sdk(tenant.token())
        wait_until(lambda: api.log_streams.get(stream_id).status == "suspended")
        gaps = [b - a for a, b in zip(receiver.calls, receiver.calls[1:], strict=False)]
        assert len(receiver.calls) == 4, "no delivery after the fourth failure"
        assert gaps[0] >= 0.045 and gaps[1] >= 0.09 and gaps[2] >= 0.18, gaps
        events = tenant.api("GET", "/logs", tenant.token(), params={"q": "type:fn"}).json()
        assert "HTTP 503" in events[0]["details"]["error"]["message"]
    finally:
        receiver.stop()


def test_a_login_never_waits_for_a_receiver_that_hangs(tenant):
    receiver = Receiver(hang=True)
    try:
        point_stream_at(tenant, receiver.server.url + "/hook")
        wait_until(lambda: receiver.calls)  # the worker is now stuck in a delivery
        web = tenant.clients()["Travel0 Web"]
        flow = CodeFlow(tenant.http, web["client_id"], "http://localhost:5000/callback",
                        web["client_secret"])
        began = time.monotonic()
        assert "id_token" in flow.login(JANE, demo_password(JANE))
        assert time.monotonic() - began < 2, "the login did not wait on the stream"
    finally:
        receiver.stop()
