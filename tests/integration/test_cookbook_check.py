"""`cookbook check` against a live mock tenant: one line and exit 0 on success, and a distinct
exit status with the reason for a tenant that is down, a wrong password, a signature that does
not verify and an issuer that is not the one asked for."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests
from flask import Flask, Response, jsonify, request
from joserfc.jwk import RSAKey

from mock_idp import create_app as create_tenant
from mock_idp.db import dispose
from tests.support.servers import LiveServer
from tests.support.tenant import JANE, ROOT, demo_password

pytestmark = [pytest.mark.integration, pytest.mark.scenario("b2c.phase1.operations.monitoring")]
FORWARDED = ("Location", "Content-Type")


@pytest.fixture(scope="module")
def tenant(tmp_path_factory):
    """A tenant of its own (wrong passwords here must not count against the shared one)."""
    server = LiveServer("127.0.0.1")
    app = create_tenant({"PUBLIC_URL": server.url, "SECRET_KEY": "check",
                         "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('check')}/t.db",
                         "BCRYPT_ROUNDS": 4, "MAILER": "outbox"})
    server.start(app)
    yield server.url, app
    server.stop()
    dispose(app)


def probe_env(app, password: str = demo_password(JANE)) -> dict:
    web = next(c for c in app.test_client().get("/_cookbook/clients").get_json()
               if c["name"] == "Travel0 Web")
    return {**os.environ, "COOKBOOK_PROBE_USERNAME": JANE, "COOKBOOK_PROBE_PASSWORD": password,
            "COOKBOOK_PROBE_CLIENT_ID": web["client_id"],
            "COOKBOOK_PROBE_CLIENT_SECRET": web["client_secret"]}


def check(domain: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scenarios", "check", "--env", "dev",
                           "--domain", domain, "--timeout", "5"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                          check=False)


def test_a_healthy_tenant_passes_with_one_line_of_timings(tenant):
    url, app = tenant
    result = check(url, probe_env(app))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"ok: {JANE} logged in at {url}/")
    for step in ("discovery", "login", "token", "verify"):
        assert f"{step} " in lines[0] and " ms" in lines[0]


def test_a_tenant_that_is_down(tenant):
    closed = LiveServer("127.0.0.1")
    closed.stop()  # the port was bound, then released: nothing answers there
    result = check(closed.url, probe_env(tenant[1]))
    assert result.returncode == 3
    assert "tenant down" in result.stderr


def test_a_wrong_password(tenant):
    url, app = tenant
    result = check(url, probe_env(app, password="Not-Janes-Password-1"))
    assert result.returncode == 4
    assert "login failed: Wrong email or password" in result.stderr


def test_an_issuer_that_is_not_the_domain_asked_for(tenant):
    url, app = tenant
    other_name = url.replace("127.0.0.1", "localhost")  # same server, another name
    result = check(other_name, probe_env(app))
    assert result.returncode == 5
    assert "wrong issuer" in result.stderr


def forwarding_proxy(upstream: str, jwks: dict) -> Flask:
    """Serves the tenant unchanged, except for a JWKS whose key is not the signing key (a
    stale cache or a tampered response between the probe and the tenant)."""
    proxy = Flask("stale-jwks-proxy")

    @proxy.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @proxy.route("/<path:path>", methods=["GET", "POST"])
    def forward(path: str):
        if path == ".well-known/jwks.json":
            return jsonify(jwks)
        answer = requests.request(
            request.method, f"{upstream}/{path}", params=request.args, data=request.form,
            headers={k: v for k, v in request.headers if k in ("Cookie", "Content-Type")},
            allow_redirects=False, timeout=10)
        response = Response(answer.content, answer.status_code)
        for name in FORWARDED:
            if name in answer.headers:
                response.headers[name] = answer.headers[name]
        for cookie in answer.raw.headers.getlist("Set-Cookie"):
            response.headers.add("Set-Cookie", cookie)
        return response

    return proxy


def test_a_signature_that_does_not_verify(tmp_path):
    proxy_server, tenant_server = LiveServer("127.0.0.1"), LiveServer("127.0.0.1")
    # The tenant is published at the proxy's address, as behind a reverse proxy.
    app = create_tenant({"PUBLIC_URL": proxy_server.url, "SECRET_KEY": "check",
                         "DATABASE_URL": f"sqlite:///{tmp_path}/t.db", "BCRYPT_ROUNDS": 4,
                         "MAILER": "outbox"})
    kid = app.extensions["mock_idp.keys"].signing_key.kid
    impostor = RSAKey.generate_key(2048, parameters={"kid": kid})
    jwks = {"keys": [impostor.as_dict(private=False, alg="RS256", use="sig")]}
    tenant_server.start(app)
    proxy_server.start(forwarding_proxy(tenant_server.url, jwks))
    try:
        result = check(proxy_server.url, probe_env(app))
    finally:
        proxy_server.stop()
        tenant_server.stop()
        dispose(app)
    assert result.returncode == 5, result.stdout + result.stderr
    assert "bad signature" in result.stderr
