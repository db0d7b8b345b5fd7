"""Log streams never carry a password, token, code, ticket or secret.

The test does everything that handles one (logins and failed logins, sign-ups, a password
reset with its ticket, code and refresh-token exchanges and replays, client credentials
right and wrong, custom-database logins that send the legacy API's secret, Management API
writes with passwords), waits until the stream has delivered every event, then searches
every delivered batch for every secret it used or saw.
"""

from __future__ import annotations

import json
import re
import secrets

import pytest
import requests
import yaml

from mock_idp import create_app
from mock_idp.db import dispose
from mock_idp.logstreams.filters import matcher
from tests.support.accounts import reset_password
from tests.support.actions import ActionFile, tenant_with_actions
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp
from tests.support.legacy import API_SECRET, CLASSIC, OLIVIA, members, start_legacy
from tests.support.logsink import SECRET as SINK_SECRET
from tests.support.logsink import LogSink, log_ids
from tests.support.tenant import AUDIENCE, JANE, TENANTS, demo_password

pytestmark = pytest.mark.security
TICKET = re.compile(r"ticket=([A-Za-z0-9_\-]+)")


@pytest.fixture
def world(tmp_path):
    legacy = start_legacy(tmp_path / "legacy")
    sink = LogSink(tmp_path)
    app = create_app(tenant_overrides(
        tmp_path, LOG_STREAMS=True, LOG_STREAM_RETRY_MS=20,
        KEYWORDS={"LEGACY_API_URL": legacy.url, "LEGACY_API_SECRET": API_SECRET,
                  **sink.keywords()}))
    yield app, FlaskHttp(app.test_client()), sink
    dispose(app)
    sink.stop()
    legacy.stop()


class Secrets:
    """Everything the test must never find in a delivered batch."""

    def __init__(self, *initial: str):
        self.values = {value for value in initial if value}

    def add(self, *values) -> None:
        self.values.update(v for v in values if isinstance(v, str) and len(v) >= 8)

    def tokens(self, answer: dict) -> None:
        self.add(*(answer.get(key) for key in ("access_token", "id_token", "refresh_token")))


def web(http) -> CodeFlow:
    client = {c["name"]: c for c in http.get("/_cookbook/clients").json()}["Travel0 Web"]
    return CodeFlow(http, client["client_id"], "http://localhost:5000/callback",
                    client["client_secret"], scope="openid profile email offline_access")


def do_everything(app, http, found: Secrets) -> None:
    clients = http.get("/_cookbook/clients").json()
    found.add(*(c["client_secret"] for c in clients))
    flow = web(http)
    wrong = f"Wrong-{secrets.token_hex(6)}-Pass"
    found.add(wrong, demo_password(JANE))
    flow.submit_login(flow.authorize().location, JANE, wrong)  # fp
    flow.submit_login(flow.authorize().location, "nobody@travel0.example", wrong)  # fu
    code = flow.code_from(flow.submit_login(flow.authorize(audience=AUDIENCE).location, JANE,
                                            demo_password(JANE)))
    found.add(code, flow.verifier)
    first = flow.exchange(code).json()
    found.tokens(first)
    rotated = flow.refresh(first["refresh_token"]).json()
    found.tokens(rotated)
    flow.refresh(first["refresh_token"])  # reuse: ferrt
    code = flow.code_from(flow.authorize(audience=AUDIENCE))  # silent: the session is there
    found.add(code)
    found.tokens(flow.exchange(code).json())
    flow.exchange(code)  # replayed code: feacft
    _sign_ups(http, clients, found)
    _reset(http, clients, found)
    _machines(app, http, clients, found)
    classic = web(http)
    found.add(members()[OLIVIA], API_SECRET)
    classic.submit_login(classic.authorize(connection=CLASSIC, prompt="login").location,
                         OLIVIA, "Not-Olivias-Password-1")
    found.tokens(classic.login(OLIVIA, members()[OLIVIA], connection=CLASSIC, prompt="login"))


def _sign_ups(http, clients, found: Secrets) -> None:
    web_id = next(c["client_id"] for c in clients if c["name"] == "Travel0 Web")
    strong, weak = f"Signup-{secrets.token_hex(8)}-Ok", "password1"
    found.add(strong, weak + "-never-shorter")
    for email, password in ((f"new-{secrets.token_hex(3)}@example.com", strong),
                            (f"weak-{secrets.token_hex(3)}@example.com", weak)):
        http.post("/dbconnections/signup", json={"client_id": web_id, "email": email,
                                                 "password": password,
                                                 "connection": "Username-Password-Authentication"})


def _reset(http, clients, found: Secrets) -> None:
    web_id = next(c["client_id"] for c in clients if c["name"] == "Travel0 Web")
    http.post("/dbconnections/change_password", json={
        "client_id": web_id, "email": JANE, "connection": "Username-Password-Authentication"})
    [mail] = http.get("/_cookbook/outbox", params={"to": JANE, "template": "reset_email"}).json()
    link = next(link for link in re.findall(r'https?://[^\s"<>]+', mail["text"] + (mail["html"] or ""))
                if "ticket=" in link)
    found.add(TICKET.search(link).group(1))
    new_password = f"Reset-{secrets.token_hex(8)}-Done"
    found.add(new_password)
    reset_password(http, link.replace("http://127.0.0.1:4000", ""), new_password)
    http.get("/u/reset-password?ticket=" + TICKET.search(link).group(1))  # used ticket again


def _machines(app, http, clients, found: Secrets) -> None:
    manager = next(c for c in clients if c["name"] == "Travel0 Management")
    audience = f"{app.config['ISSUER']}api/v2/"
    token = http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": manager["client_id"],
        "client_secret": manager["client_secret"], "audience": audience}).json()["access_token"]
    found.add(token)
    http.post("/oauth/token", data={"grant_type": "client_credentials",
                                    "client_id": manager["client_id"],
                                    "client_secret": "guessed-" + manager["client_secret"][::-1],
                                    "audience": audience})  # feccft
    found.add("guessed-" + manager["client_secret"][::-1])
    auth = {"Authorization": f"Bearer {token}"}
    password = f"Api-{secrets.token_hex(8)}-Made"
    found.add(password)
    created = http.post("/api/v2/users", json={
        "connection": "Username-Password-Authentication", "email": "api-made@example.com",
        "password": password}, headers=auth).json()
    changed = f"Api-{secrets.token_hex(8)}-Changed"
    found.add(changed)
    app.test_client().patch(f"/api/v2/users/{created['user_id']}", json={"password": changed},
                            headers=auth)


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_no_delivered_batch_holds_a_secret(world):
    app, http, sink = world
    found = Secrets(SINK_SECRET, API_SECRET, app.config["SECRET_KEY"])
    do_everything(app, http, found)
    wanted = matcher(app.extensions["mock_idp.tenant"].section("logStreams")[0]["filters"])
    expected = {event["log_id"] for event in http.get("/_cookbook/logs",
                                                      params={"take": 1000}).json()
                if wanted(event["type"])}
    sink.wait_for(lambda events: expected <= set(log_ids(events)), what="every event")
    delivered = json.dumps(requests.get(f"{sink.url}/batches", params={"limit": 500},
                                        timeout=5).json())
    kinds = {e["data"]["type"] for e in sink.events()}
    assert {"fp", "fu", "s", "seacft", "feacft", "sertft", "ferrt", "ss", "fs", "scpr", "scp",
            "seccft", "feccft", "sapi"} <= kinds, kinds
    leaked = sorted(value for value in found.values if value in delivered)
    assert leaked == [], f"secrets in the log stream: {[v[:6] + '...' for v in leaked]}"


LOUD = ActionFile("loud", "post-login", secrets={"PARTNER_API_KEY": "pk_live_9f2c61d0b7e4a8"},
                  body="console.log('calling partner with ' + event.secrets.PARTNER_API_KEY);\n"
                       "throw new Error('partner said no to ' + event.secrets.PARTNER_API_KEY);")


def test_an_action_that_prints_its_secret_does_not_leak_it_to_the_stream(tmp_path):
    directory = tenant_with_actions(tmp_path / "files", (LOUD,))
    tenant_file = directory / "tenant.yaml"
    shipped = (TENANTS / "main" / "tenant.yaml").read_text()
    stream = yaml.safe_load("logStreams:\n" + shipped.split("\nlogStreams:\n", 1)[1])
    tenant_file.write_text(tenant_file.read_text() + "\n" + yaml.safe_dump(stream))
    sink = LogSink(tmp_path)
    app = create_app(tenant_overrides(tmp_path, TENANT_DIR=str(directory), LOG_STREAMS=True,
                                      KEYWORDS=sink.keywords()))
    try:
        http = FlaskHttp(app.test_client())
        flow = web(http)
        flow.submit_login(flow.authorize().location, JANE, demo_password(JANE))
        events = sink.wait_for(lambda found: {"f", "actions_execution_failed"} <=
                               {e["data"]["type"] for e in found}, what="the failed Action")
        delivered = json.dumps(events)
        assert "pk_live_9f2c61d0b7e4a8" not in delivered
        assert "partner said no to [redacted]" in delivered, "the rest of the message stays"
    finally:
        dispose(app)
        sink.stop()
