"""Who is calling the Management API: a bearer JWT signed by this tenant for its ``api/v2/``
audience, and the scopes each endpoint needs (403 ``insufficient_scope`` otherwise)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from flask import current_app, g, request
from joserfc import jwt
from joserfc.errors import JoseError

from ..domains import current_issuer
from . import scopes as management_scopes
from .errors import ApiError

INVALID = "Invalid token"
EXPIRED = "Expired token received for JSON Web Token validation"


@dataclass(frozen=True)
class Caller:
    client_id: str
    scopes: frozenset[str] = field(default_factory=frozenset)
    machine: bool = True  # a client-credentials token (not a user's)

    def has(self, scope: str) -> bool:
        return scope in self.scopes


def unauthorized(message: str) -> ApiError:
    return ApiError(401, message, "invalid_token",
                    {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{message}"'})


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    if not header:
        raise ApiError(401, "Missing authentication", None, {"WWW-Authenticate": "Bearer"})
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 8192:
        raise unauthorized("Bad HTTP authentication header format")
    return token.strip()


def verify(token: str) -> Caller:
    """Check signature (RS256 only, the tenant's published keys), issuer, audience, expiry."""
    ring = current_app.extensions["mock_idp.keys"]
    try:
        claims = jwt.decode(token, ring.key_set(), algorithms=["RS256"]).claims
    except (JoseError, ValueError, TypeError, KeyError):
        raise unauthorized(INVALID) from None
    # The audience is always the canonical domain's; a token minted on a custom domain is only
    # valid when the API is called on that same domain (Auth0's rule).
    canonical = current_app.config["ISSUER"]
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if (claims.get("iss") not in {canonical, current_issuer()}
            or management_scopes.audience(canonical) not in audiences):
        raise unauthorized(INVALID)
    expires = claims.get("exp")
    if not isinstance(expires, int) or isinstance(expires, bool):
        raise unauthorized(INVALID)
    if expires <= current_app.extensions["mock_idp.clock"].now():
        raise unauthorized(EXPIRED)
    return _caller(claims)


def _caller(claims: dict) -> Caller:
    client_id = str(claims.get("azp") or "")
    granted = frozenset(str(claims.get("scope") or "").split())
    machine = claims.get("gty") == "client-credentials" and claims.get("sub") == f"{client_id}@clients"
    if not machine:
        # A user's token for the Management API only ever carries the *current_user* scopes.
        granted = frozenset(s for s in granted if "current_user" in s)
    return Caller(client_id=client_id, scopes=granted, machine=machine)


def caller() -> Caller:
    return g.mgmt_caller


def requires(*accepted: str):
    """Let the view run when the token holds any of ``accepted``."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not caller().scopes & set(accepted):
                raise ApiError(403, f"Insufficient scope, expected any of: {','.join(accepted)}",
                               "insufficient_scope")
            return view(*args, **kwargs)

        return wrapped

    return decorate
