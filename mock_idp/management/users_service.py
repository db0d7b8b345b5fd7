"""Creating, changing and deleting users the way the Management API does, for the views and
the import job: connection rules, password policy, Auth0's metadata merge."""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import password_policy
from ..clock import now
from ..models import Connection, User
from ..password_change import announce_change, policy_error, store_password
from ..passwords import hash_password
from ..protection.blocked_users import end_sessions
from .errors import ApiError, bad_body, conflict

PROFILE = ("name", "nickname", "given_name", "family_name", "picture")


def merge_metadata(current: dict | None, patch: dict) -> dict:
    """Auth0's rule: top-level keys are merged, a ``null`` value deletes its key, nested
    objects are replaced whole, and an empty object clears the metadata."""
    if not patch:
        return {}
    merged = dict(current or {})
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def database_connection(db: Session, name: str) -> Connection:
    connection = db.scalar(select(Connection).where(Connection.name == name))
    if connection is None:
        raise ApiError(400, "The connection does not exist.", "inexistent_connection")
    if connection.strategy != "auth0":
        raise ApiError(400, f"The mock creates users in database connections only ({name} is "
                       f"{connection.strategy}).", "operation_not_supported")
    return connection


def new_password_hash(password: str, connection: Connection, profile: dict | None = None) -> str:
    """A new user's hash, or Auth0's 400 naming the broken rule (``PasswordStrengthError:
    Password is too weak``, ``PasswordDictionaryError: ...``)."""
    refuse(password_policy.evaluate(password, connection.options or {}, profile))
    return hash_password(password, int(current_app.config["BCRYPT_ROUNDS"]))


def refuse(error: password_policy.PolicyError | None) -> None:
    if error is not None:
        raise ApiError(400, f"{error.name}: {error.message}", "invalid_password")


def email_taken(db: Session, connection: str, email: str, except_user: str | None = None) -> bool:
    query = select(User.user_id).where(User.connection == connection, User.email == email)
    if except_user:
        query = query.where(User.user_id != except_user)
    return db.scalar(query) is not None


def create_user(db: Session, body: dict) -> User:
    """``POST /api/v2/users`` for a database connection (body already schema-checked)."""
    for unsupported in ("username", "phone_number", "phone_verified"):
        if unsupported in body:
            raise bad_body(f"'{unsupported} is not enabled for this connection'.")
    connection = database_connection(db, body["connection"])
    if "email" not in body:
        raise bad_body("'Missing required property: email'.")
    if "password" not in body:
        raise bad_body("'Missing required property: password'.")
    email = body["email"].lower()
    user_id = f"auth0|{body.get('user_id') or secrets.token_hex(12)}"
    if db.get(User, user_id) is not None or email_taken(db, connection.name, email):
        raise conflict("The user already exists.", "auth0_idp_error")
    stamp = now()
    user = User(user_id=user_id, connection=connection.name, email=email,
                email_verified=bool(body.get("email_verified", False)),
                password_hash=new_password_hash(body["password"], connection, body),
                name=body.get("name") or email, nickname=body.get("nickname") or email.split("@")[0],
                given_name=body.get("given_name"), family_name=body.get("family_name"),
                picture=body.get("picture"), user_metadata=dict(body.get("user_metadata") or {}),
                app_metadata=dict(body.get("app_metadata") or {}),
                blocked=bool(body.get("blocked", False)), created_at=stamp, updated_at=stamp)
    db.add(user)
    db.commit()
    return user


def update_user(db: Session, user: User, body: dict) -> User:
    """``PATCH /api/v2/users/{id}``: only what the body names changes."""
    for unsupported in ("username", "phone_number", "phone_verified", "verify_phone_number"):
        if unsupported in body:
            raise bad_body(f"'{unsupported} is not enabled for this connection'.")
    if "connection" in body and body["connection"] != user.connection:
        raise bad_body(f"'The user has no identity in connection {body['connection']}'.")
    if "email" in body:
        _change_email(db, user, body["email"].lower(), body.get("email_verified"))
    if "password" in body:  # strength, dictionary, personal data and history, as Auth0
        connection = database_connection(db, user.connection)
        refuse(policy_error(db, user, connection, body["password"]))
        store_password(db, user, body["password"])
    for key in ("user_metadata", "app_metadata"):
        if key in body:
            setattr(user, key, merge_metadata(getattr(user, key), body[key]))
    for key in PROFILE:
        if key in body:
            setattr(user, key, body[key])
    for key in ("blocked", "email_verified"):
        if key in body:
            setattr(user, key, bool(body[key]))
    user.updated_at = now()
    db.commit()
    if body.get("blocked") is True:  # a blocked user's SSO sessions end at once
        end_sessions(db, user)
    if "password" in body:
        announce_change(db, user)
    return user


def _change_email(db: Session, user: User, email: str, verified) -> None:
    if email == user.email:
        return
    if email_taken(db, user.connection, email, except_user=user.user_id):
        # Auth0 answers 400 here (its API documents no 409 for PATCH /users/{id}).
        raise ApiError(400, "The specified new email already exists", "invalid_body")
    user.email = email
    user.email_verified = bool(verified)  # a new address is unverified unless told otherwise
