"""Fixtures and helpers for the b2c app's mock and security tests.

The app runs through Flask's test client; its collaborators are real HTTP servers on port 0:
``FakeIdP`` (tests/support/fake_idp.py), ``FakeManagementApi`` (tests/support/fake_management.py,
the app's ``MGMT_DOMAIN``) and ``FakeApi`` below, a resource server that checks bearer tokens
against the fake tenant's JWKS like the real API does.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask, jsonify, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from apps.b2c import create_app
from tests.support.fake_idp import FakeIdP
from tests.support.fake_management import FakeManagementApi
from tests.support.servers import LiveServer

BASE_URL = "http://localhost"
COOKIE = "b2c_session"
JWT_PATTERN = re.compile(r"eyJ[\w-]+\.[\w-]*\.?[\w-]*")


class FakeApi:
    """The orders API in miniature: RS256 bearer tokens, permission checks, in-memory orders."""

    def __init__(self, idp: FakeIdP):
        self.idp = idp
        self.orders: list[dict] = []
        self.calls: list[dict] = []
        self.reject_next_401 = 0  # answer this many calls with 401 regardless of the token
        self.server = LiveServer()
        self.url = self.server.url

    def start(self) -> FakeApi:
        app = Flask("fake_api")
        app.add_url_rule("/api/orders", view_func=self._orders, methods=["GET", "POST"])
        self.server.start(app)
        return self

    def stop(self) -> None:
        self.server.stop()

    def _orders(self):
        header = request.headers.get("Authorization", "")
        self.calls.append({"method": request.method, "authorization": header})
        claims = self._verify(header.removeprefix("Bearer "))
        if claims is None or self.reject_next_401 > 0:
            self.reject_next_401 = max(0, self.reject_next_401 - 1)
            return jsonify(error="invalid_token", error_description="bad token"), 401
        needed = "read:orders" if request.method == "GET" else "create:orders"
        if needed not in claims.get("permissions", []):
            return jsonify(error="insufficient_scope",
                           error_description=f"Missing permission {needed}"), 403
        if request.method == "GET":
            return jsonify(orders=[o for o in self.orders if o["sub"] == claims["sub"]])
        body = request.get_json(silent=True) or {}
        if not isinstance(body.get("item"), str) or not isinstance(body.get("quantity"), int):
            return jsonify(error="invalid_body", error_description="item and quantity"), 400
        order = {"id": len(self.orders) + 1, "sub": claims["sub"], **body}
        self.orders.append(order)
        return jsonify(order), 201

    def _verify(self, token: str) -> dict | None:
        try:
            decoded = jwt.decode(token, KeySet.import_key_set(self.idp.minter.jwks()),
                                 algorithms=["RS256"])
            jwt.JWTClaimsRegistry(iss={"essential": True, "value": self.idp.issuer},
                                  aud={"essential": True, "value": self.idp.audience},
                                  exp={"essential": True}).validate(decoded.claims)
        except (JoseError, ValueError):
            return None
        return decoded.claims


@pytest.fixture
def fake_idp():
    idp = FakeIdP().start()
    yield idp
    idp.stop()


@pytest.fixture
def fake_api(fake_idp):
    api = FakeApi(fake_idp).start()
    yield api
    api.stop()


@pytest.fixture
def fake_mgmt():
    mgmt = FakeManagementApi().start()
    yield mgmt
    mgmt.stop()


def app_config(idp: FakeIdP, api_url: str, tmp_path, mgmt: FakeManagementApi | None = None,
               **extra) -> dict:
    """Settings of the app under test; without ``mgmt`` the Management API is the fake
    tenant's own domain, which answers no ``client_credentials`` (tests that never need it)."""
    management = {"MGMT_CLIENT_ID": "unused-mgmt-client", "MGMT_CLIENT_SECRET": "unused"}
    if mgmt is not None:
        management = {"MGMT_DOMAIN": mgmt.url, "MGMT_CLIENT_ID": mgmt.client_id,
                      "MGMT_CLIENT_SECRET": mgmt.client_secret}
    return {
        "AUTH0_DOMAIN": idp.url, "AUTH0_CLIENT_ID": idp.client_id,
        "AUTH0_CLIENT_SECRET": idp.client_secret, "API_URL": api_url, "BASE_URL": BASE_URL,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'b2c.db'}", "SECRET_KEY": "test-secret",
        **management, **extra,
    }


def dispose(app) -> None:
    """Release what an app holds open (session database, Management API connections)."""
    app.extensions["cookbook_sessions"].dispose()
    app.extensions["cookbook_management"].dispose()


@pytest.fixture
def app(fake_idp, fake_api, fake_mgmt, tmp_path):
    app = create_app(app_config(fake_idp, fake_api.url, tmp_path, mgmt=fake_mgmt))
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


def start_login(client, path: str = "/login"):
    """GET the app's login URL; returns the redirect's ``/authorize`` URL and its parameters."""
    response = client.get(path)
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    return location, {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def authorize(authorize_url: str) -> str:
    """Play the browser at the fake tenant; returns the app's callback path and query."""
    response = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    parts = urlsplit(response.headers["Location"])
    return f"{parts.path}?{parts.query}"


def login(client, path: str = "/login"):
    """Run the whole code flow; returns the app's response to the callback."""
    authorize_url, _ = start_login(client, path)
    return client.get(authorize(authorize_url))


def session_cookie(client):
    return client.get_cookie(COOKIE)


def csrf_token(client, page: str = "/logout") -> str:
    """The CSRF token of the current session, as the logout page's forms carry it."""
    html = client.get(page).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def server_session(client) -> dict:
    """What the server stores for the client's session cookie (read through Flask's API)."""
    with client.session_transaction() as session:
        return dict(session)


def closed_port_url() -> str:
    """A URL nothing listens on: bind port 0, then let it go."""
    server = LiveServer()
    url = server.url
    server.stop()
    return url
