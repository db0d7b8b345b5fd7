"""Self sign-up into a database connection: policy checks, the pre- and post-user-registration
Actions, the new user, logs ``ss``/``fs``."""

from __future__ import annotations

import re
import secrets

from flask import current_app, request
from sqlalchemy.orm import Session

from . import logs, password_policy
from .actions import hooks
from .authn import find_user, record_login
from .clock import now
from .models import Client, Connection, User
from .passwords import hash_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SignupDenied(Exception):
    """A pre-user-registration Action refused the sign-up; ``message`` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def create_database_user(db: Session, client: Client, connection: Connection, email: str,
                         password: str) -> tuple[User | None, list[str]]:
    """Create the user or return the problems to show; the same wording whether or not the
    email is taken, so sign-up does not confirm who has an account. Raises ``SignupDenied``
    when an Action refuses it."""
    problems = _problems(connection, email, password)
    if not problems and find_user(db, connection, email) is not None:
        problems.append("Something went wrong, please try again later")
        logs.write("fs", description="The user already exists", client=client,
                   connection=connection.name, user_name=email)
        return None, problems
    if problems:
        logs.write("fs", description="; ".join(problems), client=client,
                   connection=connection.name, user_name=email)
        return None, problems
    registration = hooks.pre_user_registration(db, client, connection.name, email.lower(),
                                               request.form.to_dict())
    if not registration.allowed:
        logs.write("fs", description=registration.reason or "Denied by an Action", client=client,
                   connection=connection.name, user_name=email, details=registration.details)
        raise SignupDenied(registration.user_message)
    user = _insert(db, connection, email, password, registration)
    post = hooks.post_user_registration(db, client, user)
    executions = [*_executions(registration.details), *_executions(post)]
    logs.write("ss", client=client, user=user,
               details={"actions": {"executions": executions}} if executions else None)
    record_login(db, user)
    return user, []


def _problems(connection: Connection, email: str, password: str) -> list[str]:
    if (connection.options or {}).get("disable_signup"):
        return ["Sign-ups are disabled for this application"]
    if not EMAIL.match(email) or len(email) > 320:
        return ["Enter a valid email address"]
    return password_policy.check(password, connection.options or {})


def _insert(db: Session, connection: Connection, email: str, password: str,
            registration: hooks.Registration) -> User:
    stamp = now()
    user = User(user_id=f"auth0|{secrets.token_hex(12)}", connection=connection.name,
                email=email.lower(), email_verified=False,
                password_hash=hash_password(password, int(current_app.config["BCRYPT_ROUNDS"])),
                name=email.lower(), nickname=email.split("@", 1)[0],
                user_metadata=registration.user_metadata, app_metadata=registration.app_metadata,
                created_at=stamp, updated_at=stamp)
    db.add(user)
    db.commit()
    return user


def _executions(details: dict) -> list:
    return (details.get("actions") or {}).get("executions") or []
