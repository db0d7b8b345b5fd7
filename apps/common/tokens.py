"""The user's tokens, kept in the server-side session, and a fresh access token on demand."""

from __future__ import annotations

import logging
import time

import requests
from authlib.integrations.base_client import OAuthError
from flask import session

from . import oidc
from .errors import UpstreamError

log = logging.getLogger(__name__)

TOKENS_KEY = "tokens"
EXPIRY_MARGIN = 30  # seconds: refresh a token that would expire during the next API call


class ReauthenticationRequired(Exception):
    """The session has no usable tokens left; the user has to log in again."""


def store_tokens(token: dict) -> None:
    """Keep what later requests need; the previous refresh token when none was rotated in."""
    previous = session.get(TOKENS_KEY) or {}
    session[TOKENS_KEY] = {
        "access_token": token["access_token"],
        "refresh_token": token.get("refresh_token") or previous.get("refresh_token"),
        "id_token": previous.get("id_token") or token.get("id_token"),
        "expires_at": _expires_at(token),
        "scope": token.get("scope") or previous.get("scope"),
    }


def id_token() -> str | None:
    return (session.get(TOKENS_KEY) or {}).get("id_token")


def get_access_token() -> str:
    """The current access token, refreshed first when it expires within ``EXPIRY_MARGIN``."""
    tokens = session.get(TOKENS_KEY)
    if not tokens:
        raise ReauthenticationRequired("You are not logged in.")
    if tokens["expires_at"] - time.time() > EXPIRY_MARGIN:
        return tokens["access_token"]
    return refresh_access_token()


def refresh_access_token() -> str:
    """Use the refresh token now; on rejection drop the tokens and require a new login."""
    tokens = session.get(TOKENS_KEY) or {}
    if not tokens.get("refresh_token"):
        clear_tokens()
        raise ReauthenticationRequired("Your session has expired. Please log in again.")
    try:
        token = oidc.refresh(tokens["refresh_token"])
    except OAuthError as exc:
        # Revoked, expired or rotated away (reuse detection): nothing to retry with.
        log.info("refresh token rejected: %s", exc.error)
        clear_tokens()
        raise ReauthenticationRequired("Your session has expired. Please log in again.") from exc
    except (requests.RequestException, ValueError) as exc:
        raise UpstreamError("identity provider", type(exc).__name__) from exc
    store_tokens(token)
    log.info("access token refreshed")
    return session[TOKENS_KEY]["access_token"]


def clear_tokens() -> None:
    session.pop(TOKENS_KEY, None)


def _expires_at(token: dict) -> float:
    if token.get("expires_at"):
        return float(token["expires_at"])
    return time.time() + float(token.get("expires_in") or 0)
