"""A real log sink for tests (logsink/ on a port-0 live server) and a tenant streaming to it.

``LogSink.keywords()`` are the tenant-file keywords that point the main tenant's
``logStreams`` entry at this sink with its secret, as `cookbook up` does.
"""

from __future__ import annotations

import time

import pytest
import requests

import logsink
from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.fixtures import tenant_overrides
from tests.support.management import LiveTenant
from tests.support.servers import LiveServer

SECRET = "test-log-sink-secret"
STREAM = "Travel0 operations log"  # the stream of tenants/main/tenant.yaml


class LogSink:
    def __init__(self, workdir, **settings):
        self.app = logsink.create_app({"DATABASE_URL": f"sqlite:///{workdir}/logsink.db",
                                       "SECRET": SECRET, **settings})
        self.server = LiveServer("localhost").start(self.app)
        self._stopped = False

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def endpoint(self) -> str:
        return f"{self.url}/auth0/logs"

    def keywords(self) -> dict:
        return {"LOG_SINK_URL": self.endpoint, "LOG_SINK_SECRET": SECRET}

    def batches(self) -> list[dict]:
        response = requests.get(f"{self.url}/batches", params={"limit": 500}, timeout=5)
        response.raise_for_status()
        return response.json()

    def events(self, event_type: str | None = None) -> list[dict]:
        params = {"limit": 5000, **({"type": event_type} if event_type else {})}
        response = requests.get(f"{self.url}/events", params=params, timeout=5)
        response.raise_for_status()
        return response.json()

    def stored(self) -> list[dict]:
        """Every received event, read from the sink's store (for sinks whose allow-list
        keeps the test process out)."""
        return self.app.extensions["logsink.store"].events(limit=5000)

    def wait_for(self, check, deadline: float = 10.0, what: str = "events",
                 direct: bool = False) -> list[dict]:
        """Every delivered event once ``check(events)`` holds (polling, no sleeps)."""
        end = time.monotonic() + deadline
        while True:
            found = self.stored() if direct else self.events()
            if check(found):
                return found
            if time.monotonic() > end:
                raise AssertionError(f"the log sink did not receive {what} within {deadline}s; "
                                     f"it has {[e['data'].get('type') for e in found]}")

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self.server.stop()
            logsink.stop(self.app)


def log_ids(events: list[dict]) -> list[str]:
    return [event["log_id"] for event in events]


@pytest.fixture
def log_sink(tmp_path):
    sink = LogSink(tmp_path)
    yield sink
    sink.stop()


@pytest.fixture
def streaming_tenant(tmp_path, log_sink):
    """A live tenant whose log stream delivers to ``log_sink``, retrying fast: 20 ms, then
    doubling, suspended after 3 failures in a row."""
    server = LiveServer()
    app = create_app(tenant_overrides(
        tmp_path, PUBLIC_URL=server.url, LOG_STREAMS=True, LOG_STREAM_RETRY_MS=20,
        LOG_STREAM_MAX_FAILURES=3, LOG_STREAM_TIMEOUT_MS=2000, MGMT_RATE_LIMIT=10**6,
        MGMT_RATE_REFILL=10**6, KEYWORDS=log_sink.keywords()))
    server.start(app)
    yield LiveTenant(app, server.url)
    server.stop()
    dispose(app)
