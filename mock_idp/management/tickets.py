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
from ..domains import domains
from ..models import Ticket, User

PASSWORD_CHANGE = "password-change"
EMAIL_VERIFICATION = "email-verification"
BRUTE_FORCE_UNBLOCK = "brute-force-unblock"  # the blocked_account email's link
PAGES = {PASSWORD_CHANGE: "u/reset-password", EMAIL_VERIFICATION: "u/email-verification",
         BRUTE_FORCE_UNBLOCK: "u/brute-force-protection-unblock"}


@dataclass(frozen=True)
class Redeemed:
    user_id: str
    client_id: str | None
    result_url: str | None
    options: dict


class TicketError(Exception):
    """The ticket is unknown, of another kind, expired or already used (``reason`` says which);
    ``ticket`` is what it was issued for when it exists (expired or used)."""

    def __init__(self, reason: str, ticket: Redeemed | None = None):
        super().__init__(reason)
        self.reason = reason
        self.ticket = ticket


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
    # Links in emails use the tenant's default custom domain when it has one.
    return f"{domains().email_issuer}{PAGES[kind]}?ticket={secret}#"


def _usable(db: Session, kind: str, digest: str, stamp: int) -> Ticket:
    row = db.get(Ticket, digest)
    if row is None or row.kind != kind:
        raise TicketError("invalid")
    if row.used_at is not None:
        raise TicketError("used", _issued(row))
    if row.expires_at <= stamp:
        raise TicketError("expired", _issued(row))
    return row


def _issued(row: Ticket) -> Redeemed:
    return Redeemed(row.user_id, row.client_id, row.result_url, dict(row.options or {}))


def peek(kind: str, ticket: str) -> Redeemed:
    """What a still-usable ticket was issued for, without using it (a page showing a form
    before the ticket is spent); raises ``TicketError`` like ``redeem``."""
    with current_app.extensions["mock_idp.db"]() as db:
        return _issued(_usable(db, kind, tokens.digest(ticket or ""),
                               current_app.extensions["mock_idp.clock"].now()))


def redeem(kind: str, ticket: str) -> Redeemed:
    """Use the ticket up: return what it was issued for, or raise ``TicketError``."""
    digest = tokens.digest(ticket or "")
    stamp = current_app.extensions["mock_idp.clock"].now()
    with current_app.extensions["mock_idp.db"]() as db:
        row = _usable(db, kind, digest, stamp)
        claimed = db.execute(update(Ticket).where(Ticket.ticket_hash == digest,
                                                  Ticket.used_at.is_(None))
                             .values(used_at=stamp)).rowcount
        db.commit()
        if not claimed:  # redeemed by a concurrent request between our read and write
            raise TicketError("used", _issued(row))
        return _issued(row)
