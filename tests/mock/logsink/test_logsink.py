"""The log sink: firewall first, then the secret; what it accepts, stores and shows."""

from __future__ import annotations

import json

import pytest

import logsink

pytestmark = pytest.mark.mock

SECRET = "sink-test-secret"
GOOD = {"Authorization": f"Bearer {SECRET}", "Content-Type": "application/json"}
EVENT = {"log_id": "90020261125000000000000000000001",
         "data": {"type": "s", "description": "Successful login", "user_name": "a@b.example"}}


@pytest.fixture
def sink(tmp_path):
    app = logsink.create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/sink.db", "SECRET": SECRET,
                              "ALLOWED_IPS": "127.0.0.1, 10.1.0.0/16"})
    yield app
    logsink.stop(app)


def post(app, body, headers=GOOD, address="127.0.0.1"):
    return app.test_client().post("/auth0/logs", data=body, headers=headers,
                                  environ_base={"REMOTE_ADDR": address})


@pytest.mark.scenario("b2c.phase1.operations.firewall")
def test_a_source_outside_the_allow_list_gets_403_even_with_the_secret(sink):
    refused = post(sink, json.dumps([EVENT]), address="203.0.113.9")
    assert refused.status_code == 403 and refused.json["error"] == "forbidden"
    reading = sink.test_client().get("/events", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert reading.status_code == 403, "what arrived is not readable from outside either"
    assert post(sink, json.dumps([EVENT]), address="10.1.44.2").status_code == 200
    assert post(sink, json.dumps([EVENT]), address="::ffff:127.0.0.1").status_code == 200


@pytest.mark.scenario("b2c.phase1.operations.firewall")
def test_a_wrong_or_missing_secret_gets_401_and_nothing_is_stored(sink):
    for headers in ({"Authorization": "Bearer not-the-secret"}, {},
                    {"Authorization": SECRET}, {"Authorization": f"Basic {SECRET}"}):
        response = post(sink, json.dumps([EVENT]), headers=headers)
        assert response.status_code == 401 and "WWW-Authenticate" in response.headers
    assert sink.test_client().get("/batches").json == []


def test_without_a_configured_secret_every_batch_is_refused(tmp_path):
    app = logsink.create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/s.db", "SECRET": ""})
    try:
        assert post(app, json.dumps([EVENT]), headers={"Authorization": "Bearer "}).status_code == 503
    finally:
        logsink.stop(app)


def test_arrays_json_lines_and_single_objects_are_stored_and_listed(sink):
    second = {**EVENT, "log_id": "2", "data": {"type": "fp"}}
    assert post(sink, json.dumps([EVENT, second])).json == {"id": 1, "received": 2}
    assert post(sink, json.dumps(EVENT) + "\n" + json.dumps(second)).status_code == 200
    assert post(sink, json.dumps(second)).status_code == 200
    client = sink.test_client()
    assert [b["format"] for b in client.get("/batches").json] == ["JSONOBJECT", "JSONLINES",
                                                                  "JSONARRAY"]
    assert len(client.get("/events").json) == 5
    assert [e["log_id"] for e in client.get("/events?type=fp").json] == ["2", "2", "2"]
    assert client.delete("/batches").json == {"deleted": 3}


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'{"a": 1}\nnope', b"\xff\xfe"])
def test_malformed_batches_are_400_not_500(sink, body):
    response = post(sink, body)
    assert response.status_code == 400 and response.json["error"] == "invalid_batch"


def test_an_oversized_batch_is_413(tmp_path):
    app = logsink.create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/s.db", "SECRET": SECRET,
                              "MAX_BODY_BYTES": 100})
    try:
        assert post(app, json.dumps([EVENT] * 5)).status_code == 413
    finally:
        logsink.stop(app)


def test_the_page_shows_events_escaped(sink):
    hostile = {**EVENT, "data": {"type": "fs", "description": "<script>alert(1)</script>",
                                 "user_name": '"><img src=x onerror=alert(1)>'}}
    post(sink, json.dumps([EVENT, hostile]))
    page = sink.test_client().get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<img src=x" not in html
    assert 'data-type="s"' in html and "a@b.example" in html


def test_health_answers_everyone_and_bad_allow_lists_stop_start_up(sink, tmp_path):
    assert sink.test_client().get("/health", environ_base={"REMOTE_ADDR": "203.0.113.9"}).json == \
        {"status": "ok"}
    with pytest.raises(ValueError, match="LOGSINK_ALLOWED_IPS: 'nope'"):
        logsink.create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "ALLOWED_IPS": "nope"})
