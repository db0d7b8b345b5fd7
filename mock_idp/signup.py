"""Self sign-up into a database connection: policy checks, the new user, logs ``ss``/``fs``."""

from __future__ import annotations

import re
import secrets

from flask import current_app
from sqlalchemy.orm import Session

from . import logs, password_policy
from .authn import find_user, record_login
from .clock import now
from .models import Client, Connection, User
from .passwords import hash_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create_database_user(db: Session, client: Client, connection: Connection, email: str,
                         password: str) -> tuple[User | None, list[str]]:
    """Create the user or return the problems to show; the same wording whether or not the
    email is taken, so sign-up does not confirm who has an account."""
    problems = []
    if (connection.options or {}).get("disable_signup"):
        problems.append("Sign-ups are disabled for this application")
    elif not EMAIL.match(email) or len(email) > 320:
        problems.append("Enter a valid email address")
    else:
        problems += password_policy.check(password, connection.options or {})
    if not problems and find_user(db, connection, email) is not None:
        problems.append("Something went wrong, please try again later")
        logs.write("fs", description="The user already exists", client=client,
                   connection=connection.name, user_name=email)
        return None, problems
    if problems:
        logs.write("fs", description="; ".join(problems), client=client,
                   connection=connection.name, user_name=email)
        return None, problems
    stamp = now()
    user = User(user_id=f"auth0|{secrets.token_hex(12)}", connection=connection.name,
                email=email.lower(), email_verified=False,
                password_hash=hash_password(password, int(current_app.config["BCRYPT_ROUNDS"])),
                name=email.lower(), nickname=email.split("@", 1)[0], user_metadata={},
                app_metadata={}, created_at=stamp, updated_at=stamp)
    db.add(user)
    db.commit()
    logs.write("ss", client=client, user=user)
    record_login(db, user)
    logs.write("s", client=client, user=user)
    return user, []
