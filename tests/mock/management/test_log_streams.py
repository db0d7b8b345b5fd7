"""Log streams: the tenant file's stream and ``/api/v2/log-streams`` through auth0-python,
delivery to a real log sink, back-off and suspension, and resuming without losing events."""

from __future__ import annotations

import time

import pytest
from auth0.management.errors import BadRequestError, NotFoundError

from mock_idp.logstreams.filters import matcher
from mock_idp.management.scopes import SCOPES
from tests.support.flows import CodeFlow
from tests.support.logsink import STREAM, LogSink, log_ids
from tests.support.management import MANAGER
from tests.support.tenant import JANE, demo_password

pytestmark = pytest.mark.mock


def web_flow(tenant) -> CodeFlow:
    web = tenant.clients()["Travel0 Web"]
    return CodeFlow(tenant.http, web["client_id"], "http://localhost:5000/callback",
                    web["client_secret"])


def admin(tenant):
    tenant.grant(MANAGER, SCOPES)
    return tenant.sdk(tenant.token())


def types(events) -> set:
    return {event["data"]["type"] for event in events}


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_the_tenant_files_stream_delivers_a_login_as_json_batches(streaming_tenant, log_sink):
    web_flow(streaming_tenant).login(JANE, demo_password(JANE))
    events = log_sink.wait_for(lambda found: {"s", "seacft"} <= types(found), what="s, seacft")
    login = next(event for event in events if event["data"]["type"] == "s")
    assert login["log_id"] == login["data"]["log_id"] and login["data"]["user_name"] == JANE
    batch = log_sink.batches()[-1]
    assert batch["format"] == "JSONARRAY" and batch["content_type"] == "application/json"
    # What the stream delivered is exactly what the Management API serves for that id.
    api = admin(streaming_tenant)
    assert api.logs.get(login["log_id"]).type == "s"


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_log_streams_crud_through_the_sdk(streaming_tenant, log_sink):
    api = admin(streaming_tenant)
    [from_files] = api.log_streams.list()
    assert from_files.name == STREAM and from_files.status == "active" and from_files.type == "http"
    assert from_files.sink.http_endpoint == log_sink.endpoint
    assert from_files.sink.http_content_format == "JSONARRAY"
    created = api.log_streams.create(request={
        "name": "Lines", "type": "http", "filters": [{"type": "category", "name": "auth.login.fail"}],
        "sink": {"httpEndpoint": log_sink.endpoint, "httpContentFormat": "JSONLINES",
                 "httpAuthorization": "Bearer test-log-sink-secret"}})
    assert created.id.startswith("lst_") and created.status == "active"
    assert api.log_streams.get(created.id).sink.http_content_format == "JSONLINES"
    paused = api.log_streams.update(created.id, status="paused", name="Failures only")
    assert paused.status == "paused" and paused.name == "Failures only"
    replay = api.log_streams.create(request={
        "name": "Replay", "type": "http", "startFrom": "2000-01-01T00:00:00Z",
        "sink": {"httpEndpoint": log_sink.endpoint, "httpContentFormat": "JSONOBJECT",
                 "httpAuthorization": "Bearer test-log-sink-secret"}})
    first = streaming_tenant.api("GET", "/logs", streaming_tenant.token(),
                                 params={"from": "", "take": 1}).json()[0]["log_id"]
    log_sink.wait_for(lambda found: sum(e["log_id"] == first for e in found) == 2,
                      what="the backlog of a stream starting in the past")
    api.log_streams.delete(replay.id)
    api.log_streams.delete(created.id)
    with pytest.raises(NotFoundError):
        api.log_streams.get(created.id)
    assert [s.id for s in api.log_streams.list()] == [from_files.id]


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_filters_and_formats_decide_what_arrives_and_how(streaming_tenant, log_sink):
    api = admin(streaming_tenant)
    api.log_streams.update(api.log_streams.list()[0].id, status="paused")
    for content_format in ("JSONLINES", "JSONOBJECT"):
        api.log_streams.create(request={
            "name": content_format, "type": "http",
            "filters": [{"type": "category", "name": "auth.login.fail"}],
            "sink": {"httpEndpoint": log_sink.endpoint, "httpContentFormat": content_format,
                     "httpAuthorization": "Bearer test-log-sink-secret"}})
    flow = web_flow(streaming_tenant)
    flow.submit_login(flow.authorize().location, JANE, "Not-Her-Password-1")
    flow.login(JANE, demo_password(JANE))
    log_sink.wait_for(lambda found: sum(e["data"]["type"] == "fp" for e in found) >= 2,
                      what="the failed login twice")
    # (the paused stream of the files may have sent the SDK's token exchange before pausing)
    # One failed login: one batch per stream. (A one-event JSON-lines body is one JSON
    # object, so the sink cannot tell the two formats apart here; tests/unit covers them.)
    batches = [b for b in log_sink.batches() if b["format"] != "JSONARRAY"]
    assert len(batches) == 2 and all(b["count"] == 1 for b in batches)
    assert {e["data"]["type"] for b in batches for e in b["events"]} == {"fp"}, \
        "only the category asked for"


def test_bad_definitions_are_400s_in_auth0s_shape(streaming_tenant, log_sink):
    api = admin(streaming_tenant)
    bad = [{"type": "http", "sink": {"httpEndpoint": "ftp://x.example/"}},
           {"type": "http", "sink": {}},
           {"type": "splunk", "sink": {"splunkDomain": "x"}},
           {"type": "http", "sink": {"httpEndpoint": "https://x.example/",
                                     "httpContentFormat": "XML"}},
           {"type": "http", "sink": {"httpEndpoint": "https://x.example/",
                                     "httpAuthorization": "Bearer a\r\nX-Injected: 1"}},
           {"type": "http", "sink": {"httpEndpoint": "https://x.example/"},
            "filters": [{"type": "category", "name": "everything"}]},
           {"type": "http", "sink": {"httpEndpoint": "https://x.example/"}, "color": "red"},
           {"type": "http", "sink": {"httpEndpoint": "https://x.example/"},
            "pii_config": {"log_fields": ["email"], "method": "mask"}},  # not implemented: said
           {"type": "http", "sink": {"httpEndpoint": "https://x.example/"},
            "startFrom": "yesterday"}]
    for body in bad:
        response = streaming_tenant.api("POST", "/log-streams", streaming_tenant.token(), json=body)
        assert response.status_code == 400, body
        assert response.json()["errorCode"] == "invalid_body", response.json()
    stream_id = api.log_streams.list()[0].id
    with pytest.raises(BadRequestError):
        api.log_streams.update(stream_id, status="suspended")
    reader = streaming_tenant.token(scope="read:log_streams")
    refused = streaming_tenant.api("DELETE", f"/log-streams/{stream_id}", reader)
    assert refused.status_code == 403 and refused.json()["errorCode"] == "insufficient_scope"


@pytest.mark.scenario("b2c.phase1.operations.logging")
@pytest.mark.scenario("b2c.phase1.operations.notifications")
def test_a_failing_sink_suspends_the_stream_and_resuming_loses_nothing(
        streaming_tenant, log_sink, tmp_path):
    api = admin(streaming_tenant)
    stream = api.log_streams.list()[0]
    flow = web_flow(streaming_tenant)
    flow.login(JANE, demo_password(JANE))
    log_sink.wait_for(lambda found: {"s", "seacft"} <= types(found), what="the first login")
    log_sink.stop()  # the receiver goes down
    for _ in range(2):
        assert "id_token" in flow.login(JANE, demo_password(JANE)), "logins never wait on it"
    assert _wait_for_status(api, stream.id, "suspended").status == "suspended"
    token = streaming_tenant.token()
    [notice] = streaming_tenant.api("GET", "/logs", token, params={"q": "type:fn"}).json()
    assert STREAM in notice["description"] and notice["details"]["log_stream"]["id"] == stream.id
    page = streaming_tenant.http.get("/_cookbook/operations").text
    assert 'data-status="suspended"' in page and "suspended after 3 failed deliveries" in page

    revived = LogSink(tmp_path / "revived")  # a receiver is back (at a new address)
    try:
        api.log_streams.update(stream.id, status="active", sink={"httpEndpoint": revived.endpoint})
        wanted = matcher([f.dict() if hasattr(f, "dict") else f for f in stream.filters or []])
        expected = {row["log_id"] for row in streaming_tenant.api(
            "GET", "/logs", token, params={"from": "", "take": 100}).json() if wanted(row["type"])}
        before = log_sink.app.extensions["logsink.store"].events()  # what reached the first sink
        after = revived.wait_for(lambda found: expected <= set(log_ids(before + found)),
                                 what="the backlog")
        delivered = log_ids(before + after)
        assert len(delivered) == len(set(delivered)), "nothing delivered twice"
        assert {"fn"} <= types(after) and api.log_streams.get(stream.id).status == "active"
    finally:
        revived.stop()


def _wait_for_status(api, stream_id: str, status: str, deadline: float = 10.0):
    end = time.monotonic() + deadline
    while True:
        stream = api.log_streams.get(stream_id)
        if stream.status == status or time.monotonic() > end:
            return stream
