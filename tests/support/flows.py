"""Browserless OAuth flows against a tenant, over a Flask test client or a live server.

``CodeFlow`` walks /authorize → Universal Login form → /oauth/token the way a browser
and a web app back end would, so protocol tests and the login benchmark share it.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qs, urlsplit

import requests

HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


@dataclass
class Resp:
    status: int
    headers: dict
    text: str

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def json(self):
        import json

        return json.loads(self.text)


class FlaskHttp:
    """Adapter over ``app.test_client()`` (keeps cookies like a browser)."""

    def __init__(self, client):
        self.client = client

    def _wrap(self, response) -> Resp:
        return Resp(response.status_code, dict(response.headers), response.get_data(as_text=True))

    def get(self, url: str, params=None, headers=None) -> Resp:
        return self._wrap(self.client.get(_path(url), query_string=params, headers=headers))

    def post(self, url: str, data=None, json=None, headers=None) -> Resp:
        return self._wrap(self.client.post(_path(url), data=data, json=json, headers=headers))


class RequestsHttp:
    """Adapter over a ``requests.Session`` against a live server at ``base``."""

    def __init__(self, base: str, session: requests.Session | None = None):
        self.base = base.rstrip("/")
        self.session = session or requests.Session()

    def _url(self, url: str) -> str:
        return url if url.startswith("http") else self.base + url

    def _wrap(self, response) -> Resp:
        return Resp(response.status_code, dict(response.headers), response.text)

    def get(self, url: str, params=None, headers=None) -> Resp:
        return self._wrap(self.session.get(self._url(url), params=params, headers=headers,
                                           allow_redirects=False, timeout=10))

    def post(self, url: str, data=None, json=None, headers=None) -> Resp:
        return self._wrap(self.session.post(self._url(url), data=data, json=json, headers=headers,
                                            allow_redirects=False, timeout=10))


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.scheme else url


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def hidden_fields(html: str) -> dict:
    return {name: unescape(value) for name, value in HIDDEN_INPUT.findall(html)}


def query_of(url: str) -> dict:
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


@dataclass
class CodeFlow:
    """One application's view of the authorization code flow with PKCE."""

    http: object
    client_id: str
    redirect_uri: str
    client_secret: str | None = None
    scope: str = "openid profile email"
    state: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    verifier: str | None = None

    def authorize(self, **extra) -> Resp:
        """GET /authorize with PKCE, state and nonce; ``extra`` adds or overrides (None drops)."""
        self.verifier, challenge = pkce_pair()
        params = {"response_type": "code", "client_id": self.client_id,
                  "redirect_uri": self.redirect_uri, "scope": self.scope, "state": self.state,
                  "nonce": self.nonce, "code_challenge": challenge,
                  "code_challenge_method": "S256", **extra}
        return self.http.get("/authorize", params={k: v for k, v in params.items() if v is not None})

    def submit_login(self, login_page_url: str, email: str, password: str,
                     headers: dict | None = None) -> Resp:
        """Fill Universal Login as a person does: email and password on one page, or with
        identifier first the email, then the password on the next page. Returns the answer
        to the last form (a redirect onwards, an enterprise IdP, or a page with an error)."""
        page = self.http.get(login_page_url)
        fields = hidden_fields(page.text)
        if "/u/login/identifier" not in login_page_url:
            return self.http.post("/u/login", headers=headers, data={
                **fields, "username": email, "password": password, "action": "default"})
        step = self.http.post("/u/login/identifier", headers=headers, data={
            **fields, "username": email, "action": "default"})
        if step.status != 302 or "/u/login/password" not in (step.location or ""):
            return step
        page = self.http.get(step.location)
        return self.http.post("/u/login/password", headers=headers, data={
            **hidden_fields(page.text), "password": password, "action": "default"})

    def code_from(self, response: Resp) -> str:
        assert response.status == 302, f"expected a redirect to the app, got {response.status}"
        answer = query_of(response.location)
        assert answer.get("state") == self.state, "state must come back unchanged"
        return answer["code"]

    def exchange(self, code: str, **extra) -> Resp:
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri,
                "client_id": self.client_id, "code_verifier": self.verifier, **extra}
        if self.client_secret:
            data.setdefault("client_secret", self.client_secret)
        return self.http.post("/oauth/token", data={k: v for k, v in data.items() if v is not None})

    def login(self, email: str, password: str, **extra) -> dict:
        """The whole flow; returns the token response."""
        first = self.authorize(**extra)
        login = self.submit_login(first.location, email, password) if "/u/login" in (
            first.location or "") else first
        response = self.exchange(self.code_from(login))
        assert response.status == 200, response.text
        return response.json()

    def refresh(self, refresh_token: str, **extra) -> Resp:
        data = {"grant_type": "refresh_token", "refresh_token": refresh_token,
                "client_id": self.client_id, **extra}
        if self.client_secret:
            data.setdefault("client_secret", self.client_secret)
        return self.http.post("/oauth/token", data=data)
