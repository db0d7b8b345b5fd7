"""Database-connection authentication: check a password, record the outcome as Auth0 does."""

from __future__ import annotations

from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import logs, protection
from .clock import now
from .custom_db import migration
from .models import Client, Connection, User
from .passwords import hash_password, needs_rehash, verify_password

WRONG_CREDENTIALS = "Wrong email or password"


class LoginFailed(Exception):
    """A refused login; ``message`` is what the login page may show."""

    def __init__(self, message: str, field: str = "password"):
        super().__init__(message)
        self.message = message
        self.field = field


class UserBlocked(LoginFailed):
    """An administrator blocked the user (``blocked: true``). Auth0 tells only someone who
    knew the password, and answers the application (``unauthorized``, ``user is blocked``)."""

    def __init__(self):
        super().__init__("user is blocked")


def find_user(db: Session, connection: Connection, email: str) -> User | None:
    return db.scalar(select(User).where(User.connection == connection.name,
                                        User.email == email.strip().lower()))


def password_login(db: Session, client: Client, connection: Connection, email: str,
                   password: str) -> User:
    """Authenticate or raise ``LoginFailed``; unknown users and wrong passwords look alike.
    Attack protection may refuse first or instead (``protection.Refused``)."""
    attempt = protection.login_attempt(db, client, connection, email)
    user = find_user(db, connection, email)
    if user is None and migration.imports_users(connection):
        # Automatic migration: the legacy store is asked once, then the user is the tenant's.
        try:
            user = migration.login_and_import(db, client, connection, email, password)
        except LoginFailed as failed:
            if failed.message == WRONG_CREDENTIALS:  # a wrong legacy password counts too
                attempt.failed()
            raise
    if user is None:
        verify_password(password, None)
        logs.write("fu", client=client, connection=connection.name, user_name=email.strip())
        attempt.failed()
        raise LoginFailed(WRONG_CREDENTIALS)
    if not verify_password(password, user.password_hash):
        logs.write("fp", client=client, user=user)
        attempt.failed(user)
        raise LoginFailed(WRONG_CREDENTIALS)
    if user.blocked:
        logs.write("f", description="user is blocked", client=client, user=user)
        raise UserBlocked()
    attempt.succeeded(user, password)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password, int(current_app.config["BCRYPT_ROUNDS"]))
    record_login(db, user)  # the ``s`` event follows the post-login Actions (flow.complete)
    return user


def record_login(db: Session, user: User) -> None:
    user.last_login = now()
    user.last_ip = request.remote_addr
    user.logins_count = (user.logins_count or 0) + 1
    db.commit()
