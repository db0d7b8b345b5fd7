"""Talking to an enterprise OpenID Connect provider as its relying party.

The tenant reads the IdP's discovery document, sends the browser there with ``state``,
``nonce`` and a PKCE challenge (authlib's client builds the URL and redeems the code), and
accepts an ID token only when its RS256 signature checks out against the IdP's published
keys and its issuer, audience, nonce and lifetime are right. Every failure is an
``UpstreamError`` with a description safe to show; nothing here answers with a 500.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from flask import current_app
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from ..domains import current_issuer

DISCOVERY_TTL = 300  # seconds a discovery document and its keys are reused
LEEWAY = 60  # seconds of clock difference tolerated on exp / iat
TIMEOUT = 10  # seconds for one call to the IdP


class UpstreamError(Exception):
    """The IdP could not be used or its answer could not be trusted."""

    def __init__(self, description: str, error: str = "access_denied"):
        super().__init__(description)
        self.description, self.error = description, error


@dataclass(frozen=True)
class Provider:
    """What the tenant needs from a discovery document."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


def _state() -> dict:
    return current_app.extensions["mock_idp.enterprise"]


def _get_json(url: str) -> dict:
    try:
        response = _state()["http"].get(url, timeout=TIMEOUT)
        response.raise_for_status()
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise UpstreamError(f"The identity provider could not be reached ({type(exc).__name__})",
                            "temporarily_unavailable") from None
    if not isinstance(body, dict):
        raise UpstreamError("The identity provider sent an unexpected document")
    return body


def provider(connection) -> Provider:
    """The IdP's endpoints, from its discovery document (cached a few minutes)."""
    options = connection.options or {}
    url = options.get("discovery_url") or options["issuer"].rstrip("/") + \
        "/.well-known/openid-configuration"
    cache = _state()["discovery"]
    cached = cache.get(url)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    document = _get_json(url)
    try:
        found = Provider(*(str(document[key]) for key in (
            "issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")))
    except KeyError as missing:
        raise UpstreamError(f"The identity provider's discovery document has no {missing}") \
            from None
    if options.get("issuer") and options["issuer"] != found.issuer:
        raise UpstreamError("The identity provider's issuer does not match the connection")
    cache[url] = (time.monotonic() + DISCOVERY_TTL, found)
    return found


def _client(connection, code_verifier: str | None = None) -> OAuth2Session:
    options = connection.options or {}
    if not options.get("client_id") or not options.get("client_secret"):
        raise UpstreamError(f"The connection {connection.name} has no client id or secret "
                            "configured")
    session = OAuth2Session(
        client_id=options["client_id"], client_secret=options["client_secret"],
        scope=options.get("scope") or "openid", redirect_uri=callback_url(),
        token_endpoint_auth_method="client_secret_post", code_challenge_method="S256")
    for prefix, adapter in _state()["http"].adapters.items():  # the tenant's source address
        session.mount(prefix, adapter)
    return session


def callback_url() -> str:
    """Where every enterprise IdP sends the browser back: ``<tenant>/login/callback``."""
    return current_issuer() + "login/callback"


def authorization_url(connection, found: Provider, state: str, nonce: str, verifier: str,
                      login_hint: str | None = None) -> str:
    """The IdP's /authorize address for this login."""
    extra = {"login_hint": login_hint} if login_hint else {}
    url, _ = _client(connection).create_authorization_url(
        found.authorization_endpoint, state=state, nonce=nonce, code_verifier=verifier, **extra)
    return url


def redeem(connection, found: Provider, code: str, verifier: str, nonce: str) -> dict:
    """Exchange the code at the IdP's token endpoint; the verified ID token's claims."""
    try:
        token = _client(connection).fetch_token(found.token_endpoint, code=code,
                                                code_verifier=verifier, timeout=TIMEOUT)
    except AuthlibBaseError as exc:  # the IdP's error body (authlib's OAuthError)
        error = exc.error if isinstance(exc.error, str) else "error"
        raise UpstreamError(f"The identity provider refused the code ({error[:40]})") from None
    except (requests.RequestException, ValueError) as exc:
        raise UpstreamError(f"The identity provider could not be reached ({type(exc).__name__})",
                            "temporarily_unavailable") from None
    if not isinstance(token.get("id_token"), str):
        raise UpstreamError("The identity provider sent no ID token")
    return verify_id_token(connection, found, token["id_token"], nonce)


def verify_id_token(connection, found: Provider, id_token: str, nonce: str) -> dict:
    """Claims of an RS256 ID token issued by ``found`` to this connection's client."""
    keys = _get_json(found.jwks_uri)
    try:
        claims = jwt.decode(id_token, KeySet.import_key_set(keys), algorithms=["RS256"]).claims
    except (JoseError, ValueError, KeyError, TypeError):
        raise UpstreamError("The identity provider's ID token has an invalid signature") \
            from None
    _check_claims(claims, found.issuer, (connection.options or {})["client_id"], nonce)
    return claims


def _check_claims(claims: dict, issuer: str, client_id: str, nonce: str) -> None:
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    now = time.time()
    problems = [
        (claims.get("iss") != issuer, "issuer"),
        (client_id not in audiences or (len(audiences) > 1 and claims.get("azp") != client_id),
         "audience"),
        (claims.get("nonce") != nonce, "nonce"),
        (not isinstance(claims.get("exp"), int | float) or claims["exp"] + LEEWAY < now,
         "expiry"),
        (isinstance(claims.get("iat"), int | float) and claims["iat"] - LEEWAY > now, "issue time"),
        (not isinstance(claims.get("sub"), str) or not 0 < len(claims["sub"]) <= 150, "subject"),
    ]
    for failed, what in problems:
        if failed:
            raise UpstreamError(f"The identity provider's ID token has the wrong {what}")
