"""Password reset: the request (a reset link by email, if the user exists) and the reset
itself (a password-change ticket spent on a new password).

A reset ends every SSO session of the user and revokes their refresh tokens: whoever
knew the old password keeps nothing. Logs ``scpr``/``fcpr`` for requests, ``scp``/``fcp``
for the change. No ticket, link or password is ever written to a log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import account_mail, logs
from .authn import find_user
from .clock import now
from .custom_db import migration
from .management import tickets
from .models import Client, Connection, RefreshToken, SsoSession, User
from .oauth.revocation import revoke_grant
from .password_change import announce_change, policy_error, store_password
from .password_policy import PolicyError


def request_reset(db: Session, client: Client | None, connection: Connection, email: str) -> None:
    """Email a reset link when ``email`` is a user of ``connection``; the caller answers the
    same either way, so nothing here is visible to the requester."""
    user = find_user(db, connection, email)
    if user is None and migration.imports_users(connection):
        # A member the migrating connection has not seen yet: get_user brings them over.
        user = migration.user_for_reset(db, client, connection, email)
    if user is None:
        logs.write("fcpr", description="The user does not exist", client=client,
                   connection=connection.name, user_name=email.strip())
        return
    if account_mail.send_reset_link(db, user, client):
        logs.write("scpr", client=client, user=user)
    else:
        logs.write("fcpr", description="The reset email could not be sent", client=client,
                   user=user)


@dataclass
class ResetTarget:
    """Whom a still-usable ticket resets, and with which connection and client."""

    user: User
    connection: Connection
    client: Client | None
    ticket: tickets.Redeemed


def target(db: Session, ticket: str) -> ResetTarget:
    """The ticket's user, without spending it; raises ``tickets.TicketError``."""
    issued = tickets.peek(tickets.PASSWORD_CHANGE, ticket)
    user = db.get(User, issued.user_id)
    connection = db.scalar(select(Connection).where(Connection.name == user.connection)) \
        if user is not None else None
    if user is None or connection is None:
        raise tickets.TicketError("invalid")
    client = db.get(Client, issued.client_id) if issued.client_id else None
    return ResetTarget(user, connection, client, issued)


def check_new_password(db: Session, reset: ResetTarget, password: str) -> PolicyError | None:
    """What the policy says against ``password`` (logged ``fcp``), or None when it may be set."""
    error = policy_error(db, reset.user, reset.connection, password)
    if error is not None:
        logs.write("fcp", description=error.message, client=reset.client, user=reset.user)
    return error


def complete(db: Session, reset: ResetTarget, ticket: str, password: str) -> None:
    """Spend the ticket, set the password, sign the user out everywhere, announce it.
    Raises ``tickets.TicketError`` if the ticket was spent meanwhile."""
    tickets.redeem(tickets.PASSWORD_CHANGE, ticket)
    user = db.get(User, reset.user.user_id)
    store_password(db, user, password)
    if reset.ticket.options.get("mark_email_as_verified"):
        user.email_verified = True
    db.commit()
    sign_out_everywhere(db, user.user_id, "password reset")
    announce_change(db, user, reset.client, notice="password_reset")


def sign_out_everywhere(db: Session, user_id: str, reason: str) -> None:
    """End the user's SSO sessions and revoke every refresh token they hold."""
    db.execute(update(SsoSession).where(SsoSession.user_id == user_id,
                                        SsoSession.ended_at.is_(None)).values(ended_at=now()))
    db.commit()
    grants = set(db.scalars(select(RefreshToken.grant_id).where(
        RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))))
    for grant_id in sorted(grants):
        revoke_grant(db, grant_id, reason)
