"""Locally signed JWTs shaped like Auth0's, for unit and mock tests.

``TokenMinter`` owns an RSA key, publishes it as a JWKS and signs tokens with
claims that look like what an Auth0 tenant issues. Tests use it wherever the
identity provider is faked; nothing here talks to a server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

from joserfc import jwt
from joserfc.jwk import RSAKey

AUDIENCE = "https://api.cookbook.local/"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TokenMinter:
    """Signs Auth0-shaped tokens for the tenant at ``issuer`` (ends with '/')."""

    def __init__(self, issuer: str = "https://cookbook-test.local/", kid: str | None = None):
        self.issuer = issuer
        self.key = RSAKey.generate_key(2048, parameters={"kid": kid or uuid.uuid4().hex})

    @property
    def kid(self) -> str:
        return self.key.kid

    def jwks(self) -> dict:
        return {"keys": [self.key.as_dict(private=False, alg="RS256", use="sig")]}

    def claims(self, **overrides) -> dict:
        """Claims of a user access token for the API; ``None`` removes a claim."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": "auth0|demo-user",
            "aud": [AUDIENCE, f"{self.issuer}userinfo"],
            "iat": now,
            "exp": now + 3600,
            "azp": "test-client-id",
            "scope": "openid profile email read:orders",
            "permissions": ["read:orders", "create:orders"],
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def access_token(self, **overrides) -> str:
        return self.sign(self.claims(**overrides))

    def m2m_token(self, client_id: str = "m2m-client-id", **overrides) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": f"{client_id}@clients",
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + 3600,
            "azp": client_id,
            "gty": "client-credentials",
            "scope": "read:reports",
            "permissions": ["read:reports"],
        }
        claims.update(overrides)
        return self.sign({k: v for k, v in claims.items() if v is not None})

    def id_token(self, client_id: str, nonce: str | None = None, **overrides) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": "auth0|demo-user",
            "aud": client_id,
            "iat": now,
            "exp": now + 36000,
            "auth_time": now,
            "sid": uuid.uuid4().hex,
            "nonce": nonce,
            "name": "Demo User",
            "nickname": "demo",
            "email": "demo@example.com",
            "email_verified": True,
        }
        claims.update(overrides)
        return self.sign({k: v for k, v in claims.items() if v is not None})

    def sign(self, claims: dict, headers: dict | None = None, key=None) -> str:
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        header.update(headers or {})
        return jwt.encode(header, claims, key or self.key)

    # -- deliberately broken tokens for the verification matrix ---------------------------

    def unsigned(self, claims: dict) -> str:
        """A token with ``alg: none`` and an empty signature."""
        header = {"alg": "none", "typ": "JWT"}
        return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}."

    def hs256_with_public_key(self, claims: dict) -> str:
        """The algorithm-confusion attack: HS256 keyed with the RSA public key PEM."""
        # Signed by hand: joserfc itself refuses to turn a public key into an HMAC secret.
        public_pem = self.key.as_pem(private=False)
        header = {"alg": "HS256", "typ": "JWT", "kid": self.kid}
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(mac)}"

    @staticmethod
    def tamper(token: str, **changes) -> str:
        """Change payload claims but keep the original signature."""
        head, payload, sig = token.split(".")
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        data.update(changes)
        return f"{head}.{_b64(json.dumps(data).encode())}.{sig}"


class FakeJwksEndpoint:
    """Stands in for ``<issuer>.well-known/jwks.json``: serves the published minters' keys,
    counts calls, and can be told to fail like an unreachable tenant."""

    def __init__(self, *minters: TokenMinter):
        self.published = list(minters)
        self.calls: list[str] = []
        self.fail = False

    def __call__(self, url: str) -> dict:
        self.calls.append(url)
        if self.fail:
            raise ConnectionError("tenant unreachable")
        return {"keys": [k for m in self.published for k in m.jwks()["keys"]]}
