"""Server-side request forgery through log streams: whoever may create or edit a stream must
not turn the tenant into a client of addresses only it can reach — cloud metadata services
(link-local), and, where the tenant is shared on a network, its loopback and private
networks. Literal addresses are refused by the Management API; host names are resolved and
refused again at every delivery."""

from __future__ import annotations

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from mock_idp.logstreams import sender
from tests.support.fixtures import tenant_overrides
from tests.support.flows import FlaskHttp
from tests.support.logsink import SECRET, LogSink

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2c.phase1.operations.logging")]
NEVER = ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/hook",
         "http://[::ffff:169.254.169.254]/", "http://0.0.0.0:8080/", "http://224.0.0.1/",
         "https://240.0.0.1/hook"]
INSIDE = ["http://127.0.0.1:9/hook", "http://10.0.0.5/hook", "http://[::1]:8080/",
          "http://192.168.1.20/siem"]


@pytest.fixture
def tenant(tmp_path):
    """Start a tenant with the given settings; its Management API as Travel0 Deploy (the
    client whose grant manages log streams)."""
    started = []

    def start(**settings):
        app = create_app(tenant_overrides(tmp_path / f"t{len(started)}", **settings))
        started.append(app)
        http = FlaskHttp(app.test_client())
        clients = {c["name"]: c for c in http.get("/_cookbook/clients").json()}
        deploy = clients["Travel0 Deploy"]
        token = http.post("/oauth/token", data={
            "grant_type": "client_credentials", "client_id": deploy["client_id"],
            "client_secret": deploy["client_secret"],
            "audience": "http://127.0.0.1:4000/api/v2/"}).json()["access_token"]
        return http, {"Authorization": f"Bearer {token}"}

    yield start
    for app in started:
        dispose(app)


def create(http, headers, url: str):
    return http.post("/api/v2/log-streams", headers=headers,
                     json={"type": "http", "sink": {"httpEndpoint": url}})


@pytest.mark.parametrize("url", NEVER)
def test_metadata_and_reserved_addresses_are_refused_on_create_and_edit(tenant, url):
    http, headers = tenant()
    refused = create(http, headers, url)
    assert refused.status == 400 and "sink.httpEndpoint" in refused.json()["message"]
    created = create(http, headers, "https://siem.example/hook")
    assert created.status == 200, created.text
    edited = http.client.patch(f"/api/v2/log-streams/{created.json()['id']}",
                               headers=headers, json={"sink": {"httpEndpoint": url}})
    assert edited.status_code == 400
    kept = http.get(f"/api/v2/log-streams/{created.json()['id']}", headers=headers).json()
    assert kept["sink"]["httpEndpoint"] == "https://siem.example/hook"


@pytest.mark.parametrize("url", INSIDE)
def test_loopback_and_private_networks_only_where_the_tenant_allows_them(tenant, url):
    shared_http, shared_headers = tenant(LOG_STREAM_PRIVATE_TARGETS=False)
    assert create(shared_http, shared_headers, url).status == 400
    local_http, local_headers = tenant()  # the default: a mock and its sink on one machine
    assert create(local_http, local_headers, url).status == 200


def test_a_host_name_pointing_inside_is_refused_at_delivery(tmp_path):
    sink = LogSink(tmp_path)  # a real receiver, reached by the name "localhost"
    try:
        target = {"httpEndpoint": sink.endpoint, "httpAuthorization": f"Bearer {SECRET}"}
        assert target["httpEndpoint"].startswith("http://localhost:")
        events = [{"log_id": "90001", "type": "s", "date": "2026-11-25T10:00:00.000Z",
                   "description": "a login"}]
        problem = sender.send(target, events, timeout=5, allow_private=False)
        assert problem is not None and problem.startswith("refused to deliver: localhost")
        assert sink.batches() == [], "nothing left the tenant"
        assert sender.send(target, events, timeout=5, allow_private=True) is None
        assert len(sink.batches()) == 1
    finally:
        sink.stop()
