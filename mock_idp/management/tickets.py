"""Password-change and email-verification tickets: a random secret in a URL, its SHA-256 in
the database, a lifetime, and single use.

The Universal Login pages that consume them (``/u/reset-password``, ``/u/email-verification``)
call ``redeem(kind, ticket)``: it returns the ticket once, then never again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import Session

from .. import tokens
from ..models import Ticket, User

PASSWORD_CHANGE = "password-change"
EMAIL_VERIFICATION = "email-verification"
PAGES = {PASSWORD_CHANGE: "u/reset-password", EMAIL_VERIFICATION: "u/email-verification"}


class TicketError(Exception):
    """The ticket is unknown, of another kind, expired or already used (``reason`` says which)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Redeemed:
    user_id: str
    client_id: str | None
    result_url: str | None
    options: dict


def issue(db: Session, kind: str, user: User, *, ttl: int | None = None, client_id: str | None = None,
          result_url: str | None = None, options: dict | None = None) -> str:
    """Store a new ticket for ``user`` and return its URL (``<issuer>u/...?ticket=...#``)."""
    secret = secrets.token_urlsafe(32)
    stamp = current_app.extensions["mock_idp.clock"].now()
    lifetime = ttl or int(current_app.config["TICKET_TTL"])
    db.add(Ticket(ticket_hash=tokens.digest(secret), kind=kind, user_id=user.user_id,
                  client_id=client_id, result_url=result_url, options=dict(options or {}),
                  created_at=stamp, expires_at=stamp + lifetime))
    db.commit()
    return f"{current_app.config['ISSUER']}{PAGES[kind]}?ticket={secret}#"


def redeem(kind: str, ticket: str) -> Redeemed:
    """Use the ticket up: return what it was issued for, or raise ``TicketError``."""
    digest = tokens.digest(ticket or "")
    stamp = current_app.extensions["mock_idp.clock"].now()
    with current_app.extensions["mock_idp.db"]() as db:
        row = db.get(Ticket, digest)
        if row is None or row.kind != kind:
            raise TicketError("invalid")
        if row.used_at is not None:
            raise TicketError("used")
        if row.expires_at <= stamp:
            raise TicketError("expired")
        claimed = db.execute(update(Ticket).where(Ticket.ticket_hash == digest,
                                                  Ticket.used_at.is_(None))
                             .values(used_at=stamp)).rowcount
        db.commit()
        if not claimed:  # redeemed by a concurrent request between our read and write
            raise TicketError("used")
        return Redeemed(row.user_id, row.client_id, row.result_url, dict(row.options or {}))
