"""Automatic ("trickle") migration through a custom database connection in import mode.

The login code calls ``login_and_import`` only for an address the connection does not hold
yet; once the ``login`` script accepts the password, the user is stored with a bcrypt hash of
it and every later login is the tenant's own (the legacy store is never asked again). The
outcomes follow Auth0: ``WrongUsernameOrPasswordError(email)`` is a wrong password (``fp``),
no error and no profile (or the error without a user) an unknown user (``fu``, logged by the
caller), ``UnauthorizedError`` shows its message, anything else (a throw, a timeout, the
legacy API down) is a login error with an ``f`` event. No user is created unless the script
succeeded and its profile is usable. Log entries never carry the connection's configuration
values or the password, even when a script prints or throws them.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import authn, logs
from ..clock import now
from ..models import Client, Connection, User
from ..passwords import hash_password
from .runner import ScriptRun, run_script

SCRIPT_FAILED = "We could not check your account right now. Please try again later."
SIGNUP_FAILED = "Something went wrong, please try again later"
WRONG_CREDENTIALS = "WrongUsernameOrPasswordError"
TEXT_FIELDS = {"name": 300, "given_name": 150, "family_name": 150, "nickname": 150,
               "picture": 500}
MAX_USER_ID = 180


class LegacyStoreUnavailable(Exception):
    """A ``get_user`` script failed; ``reason`` is safe to log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def imports_users(connection: Connection) -> bool:
    """Whether ``connection`` migrates users from a legacy store (import mode + scripts)."""
    options = connection.options or {}
    scripts = options.get("customScripts") or {}
    return bool(options.get("enabledDatabaseCustomization") and options.get("import_mode")
                and scripts.get("login"))


def login_and_import(db: Session, client: Client, connection: Connection, email: str,
                     password: str) -> User | None:
    """The migrated user, or None when the legacy store does not know ``email``; raises
    ``authn.LoginFailed`` (after logging) for a wrong password or a failed script."""
    run = _run(connection, "login", [email, password], password)
    if run.status == "ok" and run.profile:
        return _store(db, client, connection, email, run, password)
    error = run.error or {}
    if run.status == "ok" or (error.get("name") == WRONG_CREDENTIALS
                              and not error.get("userIdOrEmail")):
        return None
    if error.get("name") == WRONG_CREDENTIALS:
        logs.write("fp", client=client, connection=connection.name, user_name=email,
                   details=_details("login", run, connection, password))
        raise authn.LoginFailed(authn.WRONG_CREDENTIALS)
    reason = _reason(run, connection, password)
    _fail(client, connection, email, f"Custom database login script failed: {reason}",
          _details("login", run, connection, password))
    if error.get("name") == "UnauthorizedError" and error.get("message"):
        raise authn.LoginFailed(redact(str(error["message"])[:200], connection, password))
    raise authn.LoginFailed(SCRIPT_FAILED)


def known_to_legacy_store(db: Session, client: Client, connection: Connection,
                          email: str) -> bool:
    """Sign-up's check: does the legacy store already have ``email``? A failed script
    refuses the sign-up (``SignupDenied``, logged as ``fs``): no duplicate account."""
    from ..signup import SignupDenied

    if not imports_users(connection) or not _has_script(connection, "get_user"):
        return False
    try:
        return lookup(connection, email) is not None
    except LegacyStoreUnavailable as failed:
        logs.write("fs", description=f"Custom database get_user script failed: {failed.reason}",
                   client=client, connection=connection.name, user_name=email)
        raise SignupDenied(SIGNUP_FAILED) from None


def import_for_reset(db: Session, connection: Connection, email: str) -> User | None:
    """Password reset's step for an address not migrated yet: the legacy profile becomes a
    tenant user without a password (the reset sets one), as Auth0 does in import mode.
    None when the legacy store does not know it; raises ``LegacyStoreUnavailable``."""
    if not imports_users(connection) or not _has_script(connection, "get_user"):
        return None
    profile = lookup(connection, email)
    if profile is None:
        return None
    user = _build_user(profile, email, connection, None)
    if isinstance(user, str):
        raise LegacyStoreUnavailable(user)
    return _commit(db, connection, email, user)


def user_for_reset(db: Session, client: Client | None, connection: Connection,
                   email: str) -> User | None:
    """The password-reset request's step (``import_for_reset``); a failed get_user is a
    ``w`` event and no user, since the reset answers the same sentence either way."""
    try:
        return import_for_reset(db, connection, email)
    except LegacyStoreUnavailable as failed:
        logs.write("w", description=f"Custom database get_user script failed: {failed.reason}",
                   client=client, connection=connection.name, user_name=email)
        return None


def lookup(connection: Connection, email: str) -> dict | None:
    """The ``get_user`` script's profile for ``email``, or None when it has none."""
    run = _run(connection, "get_user", [email], None)
    if run.status == "ok":
        return run.profile if isinstance(run.profile, dict) and run.profile else None
    raise LegacyStoreUnavailable(_reason(run, connection, None))


def _store(db: Session, client: Client, connection: Connection, email: str, run: ScriptRun,
           password: str) -> User:
    rounds = int(current_app.config["BCRYPT_ROUNDS"])
    user = _build_user(run.profile, email, connection, hash_password(password, rounds))
    if isinstance(user, str):
        _fail(client, connection, email, f"Custom database login script: {user}",
              _details("login", run, connection, password))
        raise authn.LoginFailed(SCRIPT_FAILED)
    stored = _commit(db, connection, email, user)
    if stored is None:
        _fail(client, connection, email, "Custom database login script: the profile's "
              "user_id belongs to another user", _details("login", run, connection, password))
        raise authn.LoginFailed(SCRIPT_FAILED)
    return stored


def _build_user(profile, email: str, connection: Connection, password_hash) -> User | str:
    """A tenant user from a script's profile (Auth0's normalized fields), or the problem."""
    if not isinstance(profile, dict):
        return "the profile is not an object"
    address = profile.get("email", email)
    if not isinstance(address, str) or address.strip().lower() != email.strip().lower():
        return "the profile is for another email address"
    raw_id = profile.get("user_id", profile.get("id", address))
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or \
            not 0 < len(str(raw_id).strip()) <= MAX_USER_ID:
        return "the profile's user_id is not a usable string"
    raw_id = str(raw_id).strip().removeprefix("auth0|")
    stamp = now()
    fields = {key: str(profile[key])[:size] for key, size in TEXT_FIELDS.items()
              if isinstance(profile.get(key), str | int) and not isinstance(profile[key], bool)}
    metadata = {key: profile[key] for key in ("user_metadata", "app_metadata")
                if isinstance(profile.get(key), dict)}
    return User(user_id=f"auth0|{raw_id}", connection=connection.name,
                email=email.strip().lower(),
                email_verified=profile.get("email_verified") is True,
                password_hash=password_hash, created_at=stamp, updated_at=stamp,
                **{"name": email.strip().lower(), "nickname": email.split("@", 1)[0],
                   **fields}, **metadata)


def _commit(db: Session, connection: Connection, email: str, user: User) -> User | None:
    """Store the new user in one commit; when it exists by now (a parallel first login),
    the stored one; None when its user_id is another user's."""
    if db.get(User, user.user_id) is not None:
        return authn.find_user(db, connection, email)
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return authn.find_user(db, connection, email)
    return user


def _has_script(connection: Connection, name: str) -> bool:
    return bool(((connection.options or {}).get("customScripts") or {}).get(name))


def _run(connection: Connection, name: str, args: list, password: str | None) -> ScriptRun:
    options = connection.options or {}
    source = (options.get("customScripts") or {}).get(name) or ""  # the code, as in Auth0
    config = current_app.config
    return run_script(source, args, dict(options.get("configuration") or {}),
                      timeout_ms=int(config["CUSTOM_DB_TIMEOUT_MS"]),
                      memory_mb=int(config["ACTIONS_MEMORY_MB"]),
                      source_address=config["OUTBOUND_ADDRESS"] or None)


def _reason(run: ScriptRun, connection: Connection, password: str | None) -> str:
    limit = current_app.config["CUSTOM_DB_TIMEOUT_MS"]
    reasons = {"timeout": f"the script did not finish within {limit} ms",
               "unsettled": "the script ended without calling its callback",
               "memory": "the script exceeded the memory limit",
               "missing": "the script is not a function"}
    if run.status in reasons:
        return reasons[run.status]
    error = run.error or {}
    text = f"{error.get('name') or 'Error'}: {error.get('message') or ''}".strip()
    return redact(text, connection, password)


def _details(script: str, run: ScriptRun, connection: Connection, password: str | None) -> dict:
    """What the log keeps of a run (``details.custom_database``), secrets taken out."""
    summary = {"script": script, "status": run.status, "duration_ms": run.duration_ms,
               "requests": run.requests,
               "logs": [redact(line, connection, password) for line in run.logs]}
    if run.status != "ok":
        summary["error"] = _reason(run, connection, password)
    return {"custom_database": summary}


def _fail(client: Client, connection: Connection, email: str, description: str,
          details: dict) -> None:
    logs.write("f", description=description, client=client, connection=connection.name,
               user_name=email, details=details)


def redact(text: str, connection: Connection, password: str | None) -> str:
    """``text`` without the connection's configuration values and the password."""
    configuration = (connection.options or {}).get("configuration") or {}
    secrets = [(f"[{key}]", value) for key, value in configuration.items()
               if isinstance(value, str) and len(value) >= 4]
    if password:
        secrets.append(("[password]", password))
    for label, value in sorted(secrets, key=lambda item: -len(item[1])):
        text = text.replace(value, label)
    return text
