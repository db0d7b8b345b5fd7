"""A database user's password change: the one call point for every way a password changes
(a reset ticket, the Management API), so the post-change-password Actions always run."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from . import logs, password_policy
from .actions import hooks
from .clock import now
from .models import Client, Connection, User
from .passwords import hash_password


def change_password(db: Session, user: User, connection: Connection, password: str, *,
                    client: Client | None = None) -> list[str]:
    """Store the new password (policy first) and run post-change-password; returns the
    policy problems, empty when the password was changed. The Actions cannot undo it."""
    problems = password_policy.check(password, connection.options or {})
    if problems:
        return problems
    user.password_hash = hash_password(password, int(current_app.config["BCRYPT_ROUNDS"]))
    user.updated_at = now()
    db.commit()
    announce_change(db, user, client)
    return []


def announce_change(db: Session, user: User, client: Client | None = None) -> None:
    """After a stored password change: post-change-password Actions, then the ``scp`` log."""
    details = hooks.post_change_password(db, user, client)
    logs.write("scp", client=client, user=user, details=details or None)
