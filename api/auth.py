"""Route guards: ``requires_auth``, ``requires_permission`` and ``requires_org`` put verified
claims on ``g``.

On success ``g.claims`` holds the verified claims, ``g.sub`` the subject and
``g.permissions`` the caller's permissions (a frozenset). Failures raise ``ApiError``s
rendered as RFC 6750 challenges: 401 ``invalid_token`` (or no error code at all when the
request carried no credentials), 403 ``insufficient_scope``, 503 when no keys are available.
"""

from __future__ import annotations

import functools
import logging

from flask import current_app, g, request

from .errors import ApiError, bearer_challenge
from .jwks import JwksUnavailable
from .tokens import TokenError, permissions_of

log = logging.getLogger(__name__)


def bearer_token() -> str:
    """The token of a well-formed ``Authorization: Bearer <token>`` header, else 401."""
    header = request.headers.get("Authorization", "")
    if not header.strip():
        # RFC 6750 §3.1: a request without credentials gets a challenge without an error code.
        raise ApiError(401, "unauthorized", "Authorization header is missing",
                       {"WWW-Authenticate": bearer_challenge()})
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise _invalid_token("Authorization header must be 'Bearer <token>'")
    return token


def authenticate() -> None:
    """Verify the request's bearer token and store its claims on ``g``."""
    if "claims" in g:
        return
    try:
        claims = current_app.extensions["api.verifier"].verify(bearer_token())
    except TokenError as exc:
        log.info("rejected access token: %s", exc.reason)  # the reason only, never the token
        raise _invalid_token(exc.description) from exc
    except JwksUnavailable as exc:
        retry = str(current_app.config["JWKS_MIN_REFETCH_INTERVAL"])
        raise ApiError(503, "temporarily_unavailable",
                       "The tenant's signing keys are unavailable; try again later",
                       {"Retry-After": retry}) from exc
    g.claims = claims
    g.sub = claims["sub"]
    g.permissions = permissions_of(claims)


def requires_auth(view):
    """Allow the view only for a request with a valid access token."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        authenticate()
        return view(*args, **kwargs)

    return guarded


def requires_permission(*needed: str):
    """Allow the view only when the valid token grants every permission in ``needed``."""

    def decorator(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            authenticate()
            missing = [p for p in needed if p not in g.permissions]
            if missing:
                raise _insufficient_scope(needed, missing)
            return view(*args, **kwargs)

        return guarded

    return decorator


def requires_org(view):
    """Allow the view only when the token was issued for the organization in the URL.

    The ``org_id`` path parameter must equal the token's ``org_id`` claim: a member of one
    organization can never reach another's data, whatever the URL says. Sets ``g.org_id``.
    """

    @functools.wraps(view)
    def guarded(*args, org_id: str, **kwargs):
        authenticate()
        token_org = g.claims.get("org_id")
        if not token_org:
            raise ApiError(403, "access_denied",
                           "The token was not issued for an organization (no org_id claim)")
        if token_org != org_id:
            log.info("token for %s used on %s", token_org, org_id[:64])
            raise ApiError(403, "access_denied",
                           "The token was issued for another organization than the one requested")
        g.org_id = token_org
        return view(*args, org_id=org_id, **kwargs)

    return guarded


def _invalid_token(description: str) -> ApiError:
    return ApiError(401, "invalid_token", description,
                    {"WWW-Authenticate": bearer_challenge("invalid_token", description)})


def _insufficient_scope(needed, missing) -> ApiError:
    description = f"The token lacks the permission {' '.join(missing)}"
    challenge = bearer_challenge("insufficient_scope", description, " ".join(needed))
    return ApiError(403, "insufficient_scope", description, {"WWW-Authenticate": challenge})
