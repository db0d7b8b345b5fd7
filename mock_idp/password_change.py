"""A database user's password change: the one call point for every way a password changes
(a reset ticket, the Management API), so the policy (strength, dictionary, personal data,
history) is always enforced and the post-change-password Actions always run."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from . import account_mail, logs, password_history, password_policy, protection
from .actions import hooks
from .clock import now
from .models import Client, Connection, User
from .passwords import hash_password

REUSED = password_policy.PolicyError("PasswordHistoryError", "Password has previously been used",
                                     ["Password has previously been used"])


def profile_of(user: User) -> dict:
    """The profile values ``password_no_personal_info`` looks at."""
    return {"email": user.email, "name": user.name, "nickname": user.nickname,
            "user_metadata": dict(user.user_metadata or {})}


def policy_error(db: Session, user: User, connection: Connection,
                 password: str) -> password_policy.PolicyError | None:
    """What the connection's policy says of ``password`` as this user's new one."""
    options = connection.options or {}
    error = password_policy.evaluate(password, options, profile_of(user))
    if error is None and password_history.reused(db, user, password, options):
        return REUSED
    return error or protection.new_password_error(user, password)  # breached passwords


def store_password(db: Session, user: User, password: str) -> None:
    """Hash and keep the new password; the old hash goes to the history."""
    previous = user.password_hash
    user.password_hash = hash_password(password, int(current_app.config["BCRYPT_ROUNDS"]))
    password_history.remember(db, user, previous)
    user.updated_at = now()


def change_password(db: Session, user: User, connection: Connection, password: str, *,
                    client: Client | None = None, notice: str = "change_password") -> list[str]:
    """Store the new password (policy first) and run post-change-password; returns the
    policy problems, empty when the password was changed. The Actions cannot undo it."""
    error = policy_error(db, user, connection, password)
    if error is not None:
        return error.problems
    store_password(db, user, password)
    db.commit()
    announce_change(db, user, client, notice=notice)
    return []


def announce_change(db: Session, user: User, client: Client | None = None, *,
                    notice: str = "change_password") -> None:
    """After a stored password change: post-change-password Actions, the ``scp`` log, then
    the notice email (``password_reset`` after a reset, ``change_password`` otherwise)."""
    details = hooks.post_change_password(db, user, client)
    logs.write("scp", client=client, user=user, details=details or None)
    protection.password_changed(db, user)  # a new password lifts brute-force blocks
    account_mail.send_notice(notice, user, client)
