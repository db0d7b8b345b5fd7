"""Access-token verification: RS256 only, issuer, audience, lifetime, keys from the JWKS.

``TokenVerifier.verify`` is the one entry point; it returns the claims or raises
``TokenError`` whose ``reason`` is a stable code (``expired``, ``invalid_audience``, ...)
and whose ``description`` is a short, safe sentence (it never echoes the token).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from flask import current_app
from jose import jwt
from jose.exceptions import ExpiredSignatureError, JWTClaimsError, JWTError

from .jwks import JwksCache

ALGORITHMS = ["RS256"]  # pinned: never taken from the token
LEEWAY_SECONDS = 30  # clock skew tolerated on exp, nbf and iat
MAX_TOKEN_LENGTH = 16 * 1024  # far above any Auth0 access token; bounds parsing work
REQUIRED_CLAIMS = ("iss", "sub", "aud", "exp", "iat")

_DESCRIPTIONS = {
    "malformed": "The access token is malformed",
    "too_large": "The access token is too large",
    "unsupported_alg": "The token must be signed with RS256",
    "missing_kid": "The token header has no key id",
    "unknown_kid": "The token was signed with an unknown key",
    "invalid_signature": "The token signature is invalid",
    "expired": "The token has expired",
    "not_yet_valid": "The token is not valid yet",
    "invalid_audience": "The token was not issued for this API",
    "invalid_issuer": "The token was not issued by the expected tenant",
    "missing_claim": "The token lacks a required claim",
    "invalid_claims": "The token claims are invalid",
}


class TokenError(Exception):
    """A token was rejected; ``reason`` says which check failed."""

    def __init__(self, reason: str):
        super().__init__(_DESCRIPTIONS[reason])
        self.reason = reason
        self.description = _DESCRIPTIONS[reason]


class TokenVerifier:
    """Verifies access tokens issued by ``issuer`` for ``audience`` with keys from ``jwks``."""

    def __init__(self, issuer: str, audience: str, jwks: JwksCache,
                 leeway: int = LEEWAY_SECONDS):
        self.issuer = issuer
        self.audience = audience
        self.jwks = jwks
        self.leeway = leeway
        self._options = {"leeway": leeway, **{f"require_{c}": True for c in REQUIRED_CLAIMS}}

    def verify(self, token: str) -> dict:
        """The verified claims of ``token``; raises TokenError (or JwksUnavailable)."""
        if isinstance(token, str) and len(token) > MAX_TOKEN_LENGTH:
            raise TokenError("too_large")
        if not isinstance(token, str) or token.count(".") != 2:
            raise TokenError("malformed")
        key = self.jwks.key_for(self._kid_of(token))
        if key is None:
            raise TokenError("unknown_kid")
        try:
            claims = jwt.decode(token, key, algorithms=ALGORITHMS, audience=self.audience,
                                issuer=self.issuer, options=self._options)
        except ExpiredSignatureError as exc:
            raise TokenError("expired") from exc
        except (JWTClaimsError, JWTError) as exc:
            raise TokenError(_classify(exc)) from exc
        except (TypeError, ValueError, OverflowError) as exc:  # odd claim types, e.g. exp: []
            raise TokenError("invalid_claims") from exc
        self._check_extra(claims)
        return claims

    @staticmethod
    def _kid_of(token: str) -> str:
        """Check the unverified header before any key is touched: RS256 and a string kid."""
        try:
            header = jwt.get_unverified_header(token)
        except JWTError as exc:
            raise TokenError("malformed") from exc
        if not isinstance(header, Mapping) or header.get("alg") not in ALGORITHMS:
            raise TokenError("unsupported_alg")  # alg none, HS256 key confusion, ...
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise TokenError("missing_kid")
        return kid

    def _check_extra(self, claims: dict) -> None:
        """What python-jose leaves out: numeric dates, iat in the future, claim types."""
        for name in ("exp", "iat", "nbf"):
            value = claims.get(name, 0)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TokenError("invalid_claims")  # python-jose accepts "123" strings
        if claims["iat"] > time.time() + self.leeway:
            raise TokenError("not_yet_valid")
        if not isinstance(claims["sub"], str) or not claims["sub"]:
            raise TokenError("invalid_claims")
        permissions_of(claims)  # raises on a malformed permissions or scope claim


def permissions_of(claims: Mapping) -> frozenset[str]:
    """RBAC permissions: the ``permissions`` claim, else the space-separated ``scope``."""
    if "permissions" in claims:
        permissions = claims["permissions"]
        if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
            raise TokenError("invalid_claims")
        return frozenset(permissions)
    scope = claims.get("scope", "")
    if not isinstance(scope, str):
        raise TokenError("invalid_claims")
    return frozenset(scope.split())


def _classify(exc: Exception) -> str:
    """Map python-jose's messages onto stable reasons (its exception types are too coarse)."""
    message = str(exc)
    for needle, reason in (
        ("not yet valid", "not_yet_valid"),
        ("audience", "invalid_audience"),
        ("issuer", "invalid_issuer"),
        ("missing required key", "missing_claim"),
        ("Signature verification failed", "invalid_signature"),
    ):
        if needle in message:
            return reason
    return "invalid_claims" if isinstance(exc, JWTClaimsError) else "malformed"


def init_app(app) -> None:
    """Build the app's verifier from its issuer, audience and key cache."""
    app.extensions["api.verifier"] = TokenVerifier(
        app.config["ISSUER"], app.config["AUDIENCE"], app.extensions["api.jwks"]
    )


def verify_token(token: str) -> dict:
    """Verify ``token`` with the current app's verifier."""
    return current_app.extensions["api.verifier"].verify(token)
