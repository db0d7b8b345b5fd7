"""Attacks and accidents around the migration scripts: a script that throws, loops or waits
forever, a legacy server that never answers, scripts that print or throw the connection's
secret or the password. Every case ends in time, creates nobody, and leaks nothing."""

from __future__ import annotations

import json
import socket
import time

import pytest

from mock_idp.custom_db import migration
from mock_idp.db import dispose
from tests.support.legacy import (  # noqa: F401 - fixture
    API_SECRET,
    CLASSIC,
    OLIVIA,
    SCRIPTS,
    legacy,
    members,
    start_migration_tenant,
    tenant_copy,
)

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2c.phase1.provisioning.user-migration")]

LIMIT_MS = 400


@pytest.fixture
def scripted(tmp_path):
    started = []

    def start(login: str, legacy_url: str = "http://127.0.0.1:9"):
        root = tmp_path / f"t{len(started)}"
        root.mkdir()
        tenant = start_migration_tenant(root, legacy_url, tenant_dir=tenant_copy(root, login=login),
                                        CUSTOM_DB_TIMEOUT_MS=LIMIT_MS)
        started.append(tenant.app)
        return tenant

    yield start
    for app in started:
        dispose(app)


@pytest.mark.parametrize(("code", "reason"), [
    ('function login(email, password, callback) { throw new Error("legacy bug"); }',
     "Error: legacy bug"),
    ("async function login(email, password, callback) { await null; undefinedThing(); }",
     "ReferenceError: undefinedThing is not defined"),
    ("function login(email, password, callback) { while (true) {} }",
     f"did not finish within {LIMIT_MS} ms"),
    ("function login(email, password, callback) { setTimeout(() => callback(null, {}), 60000); }",
     f"did not finish within {LIMIT_MS} ms"),
    ("function login(email, password, callback) { return 1; }",
     "ended without calling its callback"),
])
def test_a_script_that_throws_or_times_out_fails_the_login_cleanly(scripted, code, reason):
    tenant = scripted(code)
    began = time.perf_counter()
    _flow, page = tenant.login_page(OLIVIA, members()[OLIVIA])
    assert time.perf_counter() - began < 5, "bounded by the script time limit"
    assert page.status == 400 and migration.SCRIPT_FAILED in page.text
    assert reason in tenant.logs("f")[0]["description"]
    assert tenant.user(OLIVIA) is None and not tenant.logs("s")


def test_a_legacy_server_that_never_answers_is_a_timeout_not_a_hang(scripted):
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        login = (SCRIPTS / "login.js").read_text()
        tenant = scripted(login, legacy_url=f"http://127.0.0.1:{silent.getsockname()[1]}")
        began = time.perf_counter()
        _flow, page = tenant.login_page(OLIVIA, members()[OLIVIA])
        assert time.perf_counter() - began < LIMIT_MS / 1000 + 2
    assert page.status == 400 and migration.SCRIPT_FAILED in page.text
    assert f"did not finish within {LIMIT_MS} ms" in tenant.logs("f")[0]["description"]
    assert tenant.user(OLIVIA) is None


def test_secrets_and_passwords_never_reach_the_log_or_the_page(scripted):
    tenant = scripted(
        "function login(email, password, callback) {\n"
        "  console.log('calling with', configuration.LEGACY_API_SECRET, 'for', password);\n"
        "  callback(new Error('401 from ' + configuration.LEGACY_API_URL + ' with secret ' +\n"
        "                     configuration.LEGACY_API_SECRET + ' and ' + password));\n}\n")
    password = "Very-Private-Password-77"
    _flow, page = tenant.login_page(OLIVIA, password)
    everything = json.dumps(tenant.logs())
    for secret in (API_SECRET, password):
        assert secret not in everything and secret not in page.text
    event = tenant.logs("f")[0]
    assert "[LEGACY_API_SECRET]" in event["description"] and "[password]" in event["description"]
    assert event["details"]["custom_database"]["logs"] == [
        "calling with [LEGACY_API_SECRET] for [password]"]


def test_the_secret_sent_to_a_real_legacy_app_stays_out_of_the_tenant_log(legacy,  # noqa: F811
                                                                          tmp_path):
    tenant = start_migration_tenant(tmp_path, legacy.url)
    try:
        _flow, wrong = tenant.login_page(OLIVIA, "Olivia-Guess-1")
        tenant.flow().login(OLIVIA, members()[OLIVIA], connection=CLASSIC)
        everything = json.dumps(tenant.logs())
        assert API_SECRET not in everything and "Olivia-Guess-1" not in everything
        assert API_SECRET not in wrong.text
    finally:
        dispose(tenant.app)


def test_fetch_only_reaches_http_urls(scripted):
    tenant = scripted("async function login(email, password, callback) {\n"
                      "  const r = await fetch('file:///etc/passwd'); callback(null, {});\n}\n")
    _flow, page = tenant.login_page(OLIVIA, members()[OLIVIA])
    assert page.status == 400
    assert "only absolute http(s) URLs" in tenant.logs("f")[0]["description"]


def test_guessing_legacy_passwords_through_the_tenant_is_brute_force_protected(legacy,  # noqa: F811
                                                                              tmp_path):
    tenant = start_migration_tenant(tmp_path, legacy.url)
    try:
        for attempt in range(10):
            _flow, page = tenant.login_page(OLIVIA, f"Olivia-Guess-{attempt}")
        assert page.status == 429, "the tenth wrong legacy password blocks, as a local one would"
        assert tenant.logs("limit_wc")
        calls = len(tenant.logs("fp"))
        _flow, right = tenant.login_page(OLIVIA, members()[OLIVIA])
        assert right.status == 429 and tenant.user(OLIVIA) is None
        assert len(tenant.logs("fp")) == calls, "a blocked identifier never reaches the legacy app"
    finally:
        dispose(tenant.app)
