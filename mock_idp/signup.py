"""Self sign-up into a database connection: policy checks, the pre- and post-user-registration
Actions, the new user, the verification email, logs ``ss``/``fs``.

Two doors lead here: the Universal Login page (``create_database_user``, which also logs the
user in) and ``POST /dbconnections/signup`` (``register``). An email that is already taken
gets the answer any other refused sign-up gets and costs the same time, as with Auth0.
"""

from __future__ import annotations

import re
import secrets

from flask import current_app, request
from sqlalchemy.orm import Session

from . import account_mail, logs, password_policy, protection
from .actions import hooks
from .authn import find_user, record_login
from .clock import now
from .custom_db import migration
from .models import Client, Connection, User
from .passwords import hash_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GENERIC = "Something went wrong, please try again later"  # Auth0's UL text for a taken email
PROFILE = ("name", "nickname", "given_name", "family_name", "picture")


class SignupDenied(Exception):
    """A pre-user-registration Action refused the sign-up; ``message`` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignupRefused(Exception):
    """The sign-up cannot go on. ``code`` is Auth0's (``invalid_signup``, ``invalid_password``,
    ``operation_not_allowed``...), ``problems`` what a page shows, ``policy`` the broken
    password rule when that is the reason."""

    def __init__(self, code: str, description: str, problems: list[str],
                 policy: password_policy.PolicyError | None = None, status: int = 400):
        super().__init__(description)
        self.code, self.description, self.problems, self.policy = code, description, problems, policy
        self.status = status


def create_database_user(db: Session, client: Client, connection: Connection, email: str,
                         password: str) -> tuple[User | None, list[str]]:
    """Universal Login: create and log in the user, or return the problems to show; the same
    wording whether or not the email is taken. Raises ``SignupDenied`` for an Action's no."""
    try:
        user = register(db, client, connection, email, password, body=request.form.to_dict())
    except SignupRefused as refused:
        return None, refused.problems
    record_login(db, user)
    return user, []


def register(db: Session, client: Client, connection: Connection, email: str, password: str, *,
             profile: dict | None = None, body: dict | None = None,
             email_verified: bool = False) -> User:
    """Create a database user (checks, Actions, ``ss``, verification email) or raise
    ``SignupRefused`` / ``SignupDenied`` (both logged ``fs``). ``email_verified``: the
    address is already proven (an invitation link), so no verification email is sent."""
    email, profile = email.strip(), dict(profile or {})
    _protect(protection.signup_attempt, db, client, connection, email)  # IP throttling
    _check(db, client, connection, email, password, profile)
    _protect(protection.signup_password, client, connection, email, password)  # breached
    registration = hooks.pre_user_registration(db, client, connection.name, email.lower(),
                                               body or {})
    if not registration.allowed:
        logs.write("fs", description=registration.reason or "Denied by an Action", client=client,
                   connection=connection.name, user_name=email, details=registration.details)
        raise SignupDenied(registration.user_message)
    user = _insert(db, connection, email, password, profile, registration, email_verified)
    post = hooks.post_user_registration(db, client, user)
    executions = [*_executions(registration.details), *_executions(post)]
    logs.write("ss", client=client, user=user,
               details={"actions": {"executions": executions}} if executions else None)
    account_mail.after_signup(db, user, client)
    return user


def _protect(check, *args) -> None:
    """Run an attack-protection check; its refusal becomes a ``SignupRefused`` like the
    others (``status`` is 429 for a throttled IP)."""
    try:
        check(*args)
    except protection.Refused as refused:
        error = SignupRefused(refused.error, refused.description, [refused.message])
        error.status = refused.status
        raise error from None


def _check(db: Session, client: Client, connection: Connection, email: str, password: str,
           profile: dict) -> None:
    refused = _refusal(connection, email, password, profile)
    if refused is None and (find_user(db, connection, email) is not None
                            # a migrating connection also asks the legacy store (get_user)
                            or migration.known_to_legacy_store(db, client, connection, email)):
        hash_password(password, int(current_app.config["BCRYPT_ROUNDS"]))  # same time as a new user
        logs.write("fs", description="The user already exists", client=client,
                   connection=connection.name, user_name=email)
        raise SignupRefused("invalid_signup", "Invalid sign up", [GENERIC])
    if refused is not None:
        logs.write("fs", description="; ".join(refused.problems), client=client,
                   connection=connection.name, user_name=email)
        raise refused


def _refusal(connection: Connection, email: str, password: str,
             profile: dict) -> SignupRefused | None:
    options = connection.options or {}
    if options.get("disable_signup"):
        return SignupRefused("operation_not_allowed", "public signup is disabled",
                             ["Sign-ups are disabled for this application"])
    if not EMAIL.match(email) or len(email) > 320:
        return SignupRefused("invalid_signup", "Invalid sign up", ["Enter a valid email address"])
    policy = password_policy.evaluate(password, options, {**profile, "email": email})
    if policy is not None:
        return SignupRefused("invalid_password", policy.message, policy.problems, policy)
    return None


def _insert(db: Session, connection: Connection, email: str, password: str, profile: dict,
            registration: hooks.Registration, email_verified: bool = False) -> User:
    stamp = now()
    given = {key: profile[key] for key in PROFILE if isinstance(profile.get(key), str)}
    user = User(user_id=f"auth0|{secrets.token_hex(12)}", connection=connection.name,
                email=email.lower(), email_verified=email_verified,
                password_hash=hash_password(password, int(current_app.config["BCRYPT_ROUNDS"])),
                **{"name": email.lower(), "nickname": email.split("@", 1)[0], **given},
                user_metadata={**(profile.get("user_metadata") or {}),
                               **registration.user_metadata},
                app_metadata=registration.app_metadata, created_at=stamp, updated_at=stamp)
    db.add(user)
    db.commit()
    return user


def _executions(details: dict) -> list:
    return (details.get("actions") or {}).get("executions") or []
