"""Log streams without a network: filters, payload formats, the secret scrub, definitions
in the tenant files, and the back-off schedule."""

from __future__ import annotations

import json
import shutil

import pytest

from mock_idp.logstreams.filters import category_of, matcher
from mock_idp.logstreams.payload import REDACTED, bodies, known_secrets, scrub, wrap
from mock_idp.logstreams.spec import Problem, check_sink, check_stream
from mock_idp.tenant import TenantFileError, load_tenant
from tests.support.tenant import TENANTS

pytestmark = pytest.mark.unit

EVENTS = [{"log_id": "1", "type": "s", "user_name": "a@b.example"},
          {"log_id": "2", "type": "fp", "details": {"error": {"message": "Wrong email or password"}}}]


def test_categories_follow_auth0s_filter_groups():
    assert category_of("s") == "auth.login.success" and category_of("fp") == "auth.login.fail"
    assert category_of("seacft") == "auth.token_exchange.success"
    assert category_of("api_limit") == "system.notification"
    assert category_of("limit_wc") == "other"
    failures = matcher([{"type": "category", "name": "auth.login.fail"}])
    assert failures("fp") and failures("fu") and not failures("s")
    other = matcher([{"type": "category", "name": "other"}])
    assert other("limit_wc") and other("pwd_leak") and not other("s")
    assert matcher([])("anything") and matcher(None)("s")


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_the_three_content_formats():
    [array] = bodies(EVENTS, "JSONARRAY")
    assert json.loads(array) == [wrap(e) for e in EVENTS]
    assert json.loads(array)[0] == {"log_id": "1", "data": EVENTS[0]}
    [lines] = bodies(EVENTS, "JSONLINES")
    assert [json.loads(line) for line in lines.decode().split("\n")] == [wrap(e) for e in EVENTS]
    assert [json.loads(body) for body in bodies(EVENTS, "JSONOBJECT")] == [wrap(e) for e in EVENTS]
    assert bodies(EVENTS, None) == bodies(EVENTS, "JSONARRAY")


def test_the_scrub_removes_secret_looking_values_wherever_they_are():
    event = {"type": "f", "details": {"password": "hunter2", "body": {"client_secret": "s3",
             "refresh_token": "rt", "nested": [{"ticket": "t1"}, {"code": "c1"}]},
             "Authorization": "Bearer x", "error": {"message": "kept"}, "empty_token": ""}}
    clean = scrub(event)
    text = json.dumps(clean)
    assert not any(secret in text for secret in ("hunter2", "s3", '"rt"', "t1", "c1", "Bearer x"))
    assert clean["details"]["password"] == REDACTED and clean["details"]["error"]["message"] == "kept"
    assert clean["details"]["empty_token"] == "", "nothing to hide in an empty value"
    assert event["details"]["password"] == "hunter2", "the stored event is left alone"


@pytest.mark.parametrize(("sink", "where"), [
    ({}, "sink.httpEndpoint"),
    ({"httpEndpoint": "javascript:alert(1)"}, "sink.httpEndpoint"),
    ({"httpEndpoint": "https://x.example/", "httpContentFormat": "CSV"}, "sink.httpContentFormat"),
    ({"httpEndpoint": "https://x.example/", "httpAuthorization": "a\nb"}, "sink.httpAuthorization"),
    ({"httpEndpoint": "https://x.example/", "httpCustomHeaders": [{"header": "X"}]},
     "sink.httpCustomHeaders[0].value"),
    ({"httpEndpoint": "https://x.example/", "splunkToken": "x"}, "sink.splunkToken"),
])
def test_sink_problems_say_where(sink, where):
    with pytest.raises(Problem) as problem:
        check_sink(sink)
    assert problem.value.where == where


def test_a_stream_needs_a_name_a_known_type_and_status():
    good = {"name": "n", "type": "http", "sink": {"httpEndpoint": "https://x.example/"}}
    assert check_stream(good) is good
    for broken, where in (({**good, "name": ""}, "name"), ({**good, "type": "datadog"}, "type"),
                          ({**good, "type": "carrier-pigeon"}, "type"),
                          ({**good, "status": "sleeping"}, "status"),
                          ({**good, "filters": [{"type": "category", "name": "x"}]}, "filters[0].name")):
        with pytest.raises(Problem) as problem:
            check_stream(broken)
        assert problem.value.where == where


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_the_main_tenants_stream_is_rendered_per_environment(monkeypatch):
    [dev] = load_tenant(TENANTS / "main", "dev").section("logStreams")
    assert dev["sink"]["httpEndpoint"] == "http://localhost:5300/auth0/logs"
    assert dev["sink"]["httpAuthorization"].startswith("Bearer ")
    monkeypatch.setenv("LOGSINK_SECRET", "from-the-pipeline")
    [prod] = load_tenant(TENANTS / "main", "prod").section("logStreams")
    assert prod["sink"]["httpEndpoint"].startswith("https://")
    assert prod["sink"]["httpAuthorization"] == "Bearer from-the-pipeline"


def test_a_broken_stream_in_the_files_stops_start_up_naming_the_place(tmp_path):
    shutil.copytree(TENANTS / "main", tmp_path / "main")
    shutil.copytree(TENANTS / "env", tmp_path / "env")
    path = tmp_path / "main" / "tenant.yaml"
    path.write_text(path.read_text().replace("httpContentFormat: JSONARRAY",
                                             "httpContentFormat: XML"))
    with pytest.raises(TenantFileError) as error:
        load_tenant(tmp_path / "main", "dev")
    assert "logStreams[0].sink.httpContentFormat" in str(error.value)
    assert "'XML' is not one of JSONARRAY, JSONLINES, JSONOBJECT" in str(error.value)


def test_the_tenants_own_secrets_are_cut_out_of_any_text():
    spec = load_tenant(TENANTS / "main", "dev", {"LEGACY_API_SECRET": "classic-shared-secret-1"})
    known = known_secrets(spec, ["client-secret-abcdefgh", "short"])
    assert {"classic-shared-secret-1", "client-secret-abcdefgh"} <= known
    assert "short" not in known and not any(v.startswith("http") for v in known), \
        "addresses and flags are not secrets"
    event = {"type": "f", "description": "upstream refused classic-shared-secret-1 (401)"}
    assert scrub(event, known)["description"] == f"upstream refused {REDACTED} (401)"
