"""The tenant's SSO session (one per browser) and the device cookie that binds
Universal Login transactions to the browser that started them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import tokens
from .clock import now
from .models import SsoSession, User

HOUR = 3600


@dataclass
class Login:
    """Who authenticated for an authorization request, in which session, and when."""

    user: User
    session_id: str
    auth_time: int


def _cookie_kwargs() -> dict:
    return {
        "httponly": True,
        "samesite": "Lax",
        "secure": current_app.config["ISSUER"].startswith("https://"),
        "path": "/",
    }


def device_cookie_name() -> str:
    return f"idp_{current_app.config['TENANT_NAME']}_did"


def device_id() -> str | None:
    return request.cookies.get(device_cookie_name())


def ensure_device(response, device: str) -> None:
    if request.cookies.get(device_cookie_name()) != device:
        response.set_cookie(device_cookie_name(), device, max_age=365 * 24 * HOUR, **_cookie_kwargs())


def new_device_id() -> str:
    return device_id() or secrets.token_hex(16)


def _lifetimes() -> tuple[int, int]:
    settings = current_app.extensions["mock_idp.tenant"].data.get("tenant") or {}
    return (int(settings.get("session_lifetime", 72)) * HOUR,
            int(settings.get("idle_session_lifetime", 24)) * HOUR)


def current(db: Session) -> SsoSession | None:
    """The browser's live SSO session, or None (missing, ended, expired, user blocked)."""
    secret = request.cookies.get(current_app.config["SESSION_COOKIE"])
    if not secret:
        return None
    sso = db.scalar(select(SsoSession).where(SsoSession.secret_hash == tokens.digest(secret)))
    stamp = now()
    if sso is None or sso.ended_at is not None:
        return None
    if sso.expires_at < stamp or sso.idle_expires_at < stamp:
        return None
    user = db.get(User, sso.user_id)
    if user is None or user.blocked:
        return None
    return sso


def start(db: Session, user: User, device: str) -> tuple[SsoSession, str]:
    """Create a session for a fresh authentication; returns it and the cookie secret."""
    absolute, idle = _lifetimes()
    stamp = now()
    secret = secrets.token_urlsafe(32)
    sso = SsoSession(id=secrets.token_urlsafe(24), secret_hash=tokens.digest(secret),
                     user_id=user.user_id, device_id=device, created_at=stamp,
                     authenticated_at=stamp, last_seen_at=stamp, expires_at=stamp + absolute,
                     idle_expires_at=stamp + idle, clients=[])
    db.add(sso)
    return sso, secret


def touch(sso: SsoSession, client_id: str) -> None:
    """Record use by a client and push the idle expiry out."""
    _, idle = _lifetimes()
    sso.last_seen_at = now()
    sso.idle_expires_at = min(sso.expires_at, sso.last_seen_at + idle)
    if client_id not in (sso.clients or []):
        sso.clients = [*(sso.clients or []), client_id]


def end(sso: SsoSession) -> None:
    sso.ended_at = now()


def set_cookie(response, secret: str) -> None:
    absolute, _ = _lifetimes()
    response.set_cookie(current_app.config["SESSION_COOKIE"], secret, max_age=absolute,
                        **_cookie_kwargs())


def clear_cookie(response) -> None:
    response.delete_cookie(current_app.config["SESSION_COOKIE"], path="/")
