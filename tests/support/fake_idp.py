"""A tiny stand-in for an Auth0 tenant, for mock-tier tests of the web apps.

It serves just enough of the wire protocol for an OIDC relying party: discovery, JWKS (from a
``TokenMinter``), ``/authorize`` (records the request and redirects straight back with a code, as
if the user had logged in), ``/oauth/token`` (authorization_code with PKCE and client
authentication checked, refresh_token with rotation) and ``/oidc/logout``. Tests steer it through
attributes: ``discovery_overrides``, ``id_token_claims`` / ``id_token_factory`` to hand out bad ID tokens (and, with
``access_token_claims``, organization logins), ``fail_next`` to
make the next token call fail, ``access_token_ttl`` to hand out nearly expired tokens.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request

from tests.support.servers import LiveServer
from tests.support.tokens import AUDIENCE, TokenMinter


@dataclass
class FakeIdP:
    """One fake tenant with one confidential client; ``start()`` puts it on a LiveServer."""

    client_id: str = "fake-client-id"
    client_secret: str = "fake-client-secret"
    audience: str = AUDIENCE
    user: dict = field(default_factory=lambda: {
        "sub": "auth0|demo-user", "name": "Demo User", "email": "demo@example.com",
        "picture": "https://example.com/demo.png"})
    permissions: list = field(default_factory=lambda: ["read:orders", "create:orders"])
    access_token_ttl: int = 3600
    id_token_claims: dict = field(default_factory=dict)  # merged over the minted ID token
    access_token_claims: dict = field(default_factory=dict)  # merged over the access token
    id_token_factory: object = None  # callable(nonce) -> str | None replacing the ID token
    discovery_overrides: dict = field(default_factory=dict)
    fail_next: dict | None = None  # one-shot error body for the next /oauth/token call
    authorize_requests: list = field(default_factory=list)
    token_requests: list = field(default_factory=list)
    logout_requests: list = field(default_factory=list)
    issued: list = field(default_factory=list)  # every token response, newest last

    def __post_init__(self):
        self.server = LiveServer()
        self.url = self.server.url
        self.issuer = self.url + "/"
        self.minter = TokenMinter(issuer=self.issuer)
        self._codes: dict[str, dict] = {}
        self._refresh_tokens: dict[str, bool] = {}  # token -> still valid
        self._lock = threading.Lock()

    def start(self) -> FakeIdP:
        self.server.start(self.create_app())
        return self

    def stop(self) -> None:
        self.server.stop()

    @property
    def refresh_requests(self) -> list:
        return [r for r in self.token_requests if r.get("grant_type") == "refresh_token"]

    def revoke_refresh_tokens(self) -> None:
        with self._lock:
            self._refresh_tokens = dict.fromkeys(self._refresh_tokens, False)

    # -- the Flask app -------------------------------------------------------------------

    def create_app(self) -> Flask:
        app = Flask("fake_idp")
        app.add_url_rule("/.well-known/openid-configuration", view_func=self._discovery)
        app.add_url_rule("/.well-known/jwks.json", view_func=lambda: jsonify(self.minter.jwks()))
        app.add_url_rule("/authorize", view_func=self._authorize)
        app.add_url_rule("/oauth/token", view_func=self._token, methods=["POST"])
        app.add_url_rule("/oidc/logout", view_func=self._logout)
        return app

    def _discovery(self):
        return jsonify({
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/oauth/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/.well-known/jwks.json",
            "end_session_endpoint": f"{self.url}/oidc/logout",
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            **self.discovery_overrides,
        })

    def _authorize(self):
        args = request.args.to_dict()
        self.authorize_requests.append(args)
        if args.get("client_id") != self.client_id or args.get("response_type") != "code":
            return jsonify(error="invalid_request"), 400
        back = {"state": args.get("state", "")}
        if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
            back.update(error="invalid_request", error_description="PKCE S256 is required")
            return redirect(f"{args['redirect_uri']}?{urlencode(back)}")
        code = secrets.token_urlsafe(16)
        with self._lock:
            self._codes[code] = args
        return redirect(f"{args['redirect_uri']}?{urlencode({**back, 'code': code})}")

    def _token(self):
        form = request.form.to_dict()
        self.token_requests.append({**form, "authorization": request.headers.get("Authorization")})
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            return jsonify(error), 403
        if not self._client_authenticated(form):
            return jsonify(error="access_denied", error_description="Unauthorized"), 401
        if form.get("grant_type") == "authorization_code":
            return self._code_grant(form)
        if form.get("grant_type") == "refresh_token":
            return self._refresh_grant(form)
        return jsonify(error="unsupported_grant_type"), 400

    def _client_authenticated(self, form: dict) -> bool:
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("Authorization") == f"Basic {basic}":
            return True
        return (form.get("client_id"), form.get("client_secret")) == (
            self.client_id, self.client_secret)

    def _code_grant(self, form: dict):
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)
        if grant is None or grant.get("redirect_uri") != form.get("redirect_uri"):
            return _invalid_grant("Invalid authorization code")
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["code_challenge"]:
            return _invalid_grant("Failed to verify code verifier")
        return jsonify(self._tokens(nonce=grant.get("nonce")))

    def _refresh_grant(self, form: dict):
        with self._lock:
            valid = self._refresh_tokens.get(form.get("refresh_token", ""))
            if valid:
                self._refresh_tokens[form["refresh_token"]] = False  # rotation
        if not valid:
            return _invalid_grant("Unknown or invalid refresh token.")
        return jsonify(self._tokens(nonce=None))

    def _tokens(self, nonce: str | None) -> dict:
        refresh_token = secrets.token_urlsafe(24)
        with self._lock:
            self._refresh_tokens[refresh_token] = True
        if self.id_token_factory is not None:
            id_token = self.id_token_factory(nonce)
        else:
            claims = {**self.user, "nonce": nonce, **self.id_token_claims}
            id_token = self.minter.id_token(self.client_id, **claims)
        access_token = self.minter.access_token(
            sub=self.user["sub"], azp=self.client_id, permissions=list(self.permissions),
            exp=int(time.time()) + self.access_token_ttl,
            aud=[self.audience, f"{self.issuer}userinfo"], **self.access_token_claims)
        tokens = {"access_token": access_token, "id_token": id_token,
                  "refresh_token": refresh_token, "token_type": "Bearer",
                  "expires_in": self.access_token_ttl,
                  "scope": "openid profile email offline_access read:orders create:orders"}
        if id_token is None:  # a factory returning None drops the ID token from the response
            del tokens["id_token"]
        self.issued.append(tokens)
        return tokens

    def _logout(self):
        args = request.args.to_dict()
        self.logout_requests.append(args)
        target = args.get("post_logout_redirect_uri")
        return redirect(target) if target else ("Logged out", 200)


def _invalid_grant(description: str):
    return jsonify(error="invalid_grant", error_description=description), 403
