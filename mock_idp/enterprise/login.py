"""A parked /authorize request that goes to an enterprise IdP and comes back.

``start`` records what the callback must check (the upstream ``state``, ``nonce`` and PKCE
verifier, bound to this browser and this transaction) and sends the browser to the IdP;
``take`` finds that record again at /login/callback, once and only once.
"""

from __future__ import annotations

import secrets

from authlib.common.security import generate_token
from flask import current_app, redirect

from .. import logs
from ..clock import now
from ..db import get_db
from ..errors import PageError
from ..models import Transaction, UpstreamLogin
from . import upstream

INVALID = "This login link is no longer valid. Go back to the application and start again."


def start(txn: Transaction, auth, connection, login_hint: str | None = None):
    """Redirect to the IdP for ``connection`` (raises ``UpstreamError`` if it is unusable)."""
    found = upstream.provider(connection)
    pending = UpstreamLogin(
        state=secrets.token_urlsafe(32), transaction_id=txn.id, connection=connection.name,
        nonce=secrets.token_urlsafe(24), code_verifier=generate_token(64),
        device_id=txn.device_id, created_at=now(),
        expires_at=now() + int(current_app.config["TRANSACTION_TTL"]))
    db = get_db()
    db.add(pending)
    db.commit()
    hint = login_hint if login_hint is not None else auth.params.get("login_hint")
    return redirect(upstream.authorization_url(connection, found, pending.state, pending.nonce,
                                               pending.code_verifier, hint or None))


def take(state: str, device: str | None) -> tuple[UpstreamLogin, Transaction]:
    """The pending upstream login ``state`` names, marked used; a clear page otherwise."""
    db = get_db()
    pending = db.get(UpstreamLogin, state) if state and len(state) <= 64 else None
    if pending is None or pending.used_at is not None or pending.expires_at < now():
        logs.write("f", description="Invalid or reused state at /login/callback")
        raise PageError("invalid_request", INVALID)
    if pending.device_id != device:
        logs.write("f", description="/login/callback reached from another browser",
                   connection=pending.connection)
        raise PageError("invalid_request", "This login was started in another browser. "
                        "Go back to the application and start again.", 403)
    txn = db.get(Transaction, pending.transaction_id)
    if txn is None or txn.completed_at is not None or txn.expires_at < now():
        raise PageError("invalid_request", INVALID)
    pending.used_at = now()
    db.commit()
    return pending, txn
