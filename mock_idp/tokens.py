"""Minting of Auth0-shaped ID and access tokens, signed with the tenant's current key."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import current_app
from joserfc import jwt

from .domains import current_issuer
from .models import User

PROFILE_CLAIMS = ("name", "given_name", "family_name", "nickname", "picture")


def digest(token: str) -> str:
    """What the database keeps of a bearer secret (codes, refresh and opaque tokens)."""
    return hashlib.sha256(token.encode()).hexdigest()


def issuer() -> str:
    """The issuer of the domain this request came in on (see mock_idp.domains)."""
    return current_issuer()


def sign(claims: dict) -> str:
    key = current_app.extensions["mock_idp.keys"].signing_key
    header = {"alg": "RS256", "typ": "JWT", "kid": key.kid}
    return jwt.encode(header, claims, key, algorithms=["RS256"])


def picture_url(user: User) -> str:
    """A locally served avatar, so pages work offline (Auth0 uses Gravatar)."""
    initials = "".join(part[0] for part in (user.name or user.email or "?").split()[:2]).lower()
    return f"{issuer()}avatars/{initials or 'u'}.svg"


def user_claims(user: User, scope: list[str]) -> dict:
    """Profile and email claims the granted OIDC scopes allow."""
    claims = {}
    if "profile" in scope:
        for name in PROFILE_CLAIMS:
            value = getattr(user, name)
            if value:
                claims[name] = value
        claims.setdefault("picture", picture_url(user))
        claims["updated_at"] = datetime.fromtimestamp(user.updated_at, tz=UTC).isoformat(
            timespec="milliseconds").replace("+00:00", "Z")
    if "email" in scope and user.email:
        claims["email"] = user.email
        claims["email_verified"] = bool(user.email_verified)
    return claims


def id_token(user: User, client_id: str, scope: list[str], *, now: int, lifetime: int,
             nonce: str | None, sid: str | None, auth_time: int, extra: dict | None = None,
             standard: dict | None = None) -> str:
    """``extra``: custom claims (already screened); they never replace a standard claim.
    ``standard``: further claims of the tenant's own (``org_id``, ``org_name``)."""
    claims = {**(extra or {}), **user_claims(user, scope), "iss": issuer(), "sub": user.user_id,
              "aud": client_id, "iat": now, "exp": now + lifetime, "auth_time": auth_time,
              **(standard or {})}
    if sid:
        claims["sid"] = sid
    if nonce:
        claims["nonce"] = nonce
    return sign(claims)


def access_token(*, sub: str, client_id: str, audience: str, scope: str, now: int, lifetime: int,
                 permissions: list[str] | None = None, extra: dict | None = None,
                 standard: dict | None = None) -> str:
    """An access token JWT for an API; ``aud`` adds /userinfo when ``openid`` was granted."""
    aud = [audience, f"{issuer()}userinfo"] if "openid" in scope.split() else audience
    claims = {**(extra or {}), "iss": issuer(), "sub": sub, "aud": aud, "iat": now,
              "exp": now + lifetime, "scope": scope, "azp": client_id, **(standard or {})}
    if permissions is not None:
        claims["permissions"] = permissions
    return sign(claims)
