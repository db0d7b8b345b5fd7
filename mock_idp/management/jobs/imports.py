"""The ``users_import`` job: Auth0's bulk-import JSON, checked record by record, bcrypt and
argon2 hashes kept as they are (so users log in with their old password), ``upsert`` honoured.
"""

from __future__ import annotations

import json

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import logs
from ...mail import Email
from ...models import Connection, Job, User
from ...passwords import HASH_PREFIXES, is_supported_hash, matches_algorithm
from ...tenant.seed import user_from_import
from ..validation import EMAIL, json_type
from .runner import JobFailed

STRINGS = ("email", "user_id", "username", "given_name", "family_name", "name", "nickname",
           "picture", "password_hash")
TYPES = {**{key: "string" for key in STRINGS}, "email_verified": "boolean", "blocked": "boolean",
         "custom_password_hash": "object", "app_metadata": "object", "user_metadata": "object",
         "mfa_factors": "array"}
AUTH0_ALGORITHMS = {"argon2", "bcrypt", "hmac", "ldap", "md4", "md5", "sha1", "sha256", "sha512",
                    "pbkdf2", "scrypt"}
VERIFIED_HERE = HASH_PREFIXES  # the algorithms mock_idp.passwords can check at login
UPDATABLE = ("email_verified", "given_name", "family_name", "name", "nickname", "picture",
             "blocked", "app_metadata", "user_metadata")
BATCH = 500


def record_errors(record) -> list[dict]:
    """Auth0's per-record errors (z-schema codes) for one entry of the users file."""
    if not isinstance(record, dict):
        return [_error("INVALID_TYPE", f"Expected type object but found type {json_type(record)}")]
    extra = [key for key in record if key not in TYPES]
    if extra:
        return [_error("OBJECT_ADDITIONAL_PROPERTIES", f"Additional properties not allowed: {','.join(extra)}")]
    if "email" not in record:
        return [_error("OBJECT_MISSING_REQUIRED_PROPERTY", "Missing required property: email")]
    for key, value in record.items():
        if json_type(value) != TYPES[key]:
            return [_error("INVALID_TYPE", f"Expected type {TYPES[key]} but found type "
                           f"{json_type(value)}", key)]
    if not EMAIL.match(record["email"]):
        return [_error("INVALID_FORMAT", f"Object didn't pass validation for format email: "
                       f"{record['email'][:100]}", "email")]
    return _hash_errors(record)


def _hash_errors(record: dict) -> list[dict]:
    if "password_hash" in record and not (record["password_hash"].startswith("$2")
                                          and is_supported_hash(record["password_hash"])):
        return [_error("INVALID_FORMAT", "password_hash must be a bcrypt hash ($2a$ or $2b$)",
                       "password_hash")]
    custom = record.get("custom_password_hash")
    if custom is None:
        return []
    algorithm = custom.get("algorithm")
    if algorithm not in AUTH0_ALGORITHMS:
        return [_error("ENUM_MISMATCH", f"No enum match for: {str(algorithm)[:40]}",
                       "custom_password_hash.algorithm")]
    if algorithm not in VERIFIED_HERE:
        return [_error("UNSUPPORTED_ALGORITHM", f"The mock verifies {', '.join(VERIFIED_HERE)} "
                       f"hashes; {algorithm} users would not be able to log in",
                       "custom_password_hash.algorithm")]
    found = custom.get("hash") if isinstance(custom.get("hash"), dict) else {}
    if found.get("encoding", "utf8") != "utf8" or "salt" in found:
        # Auth0: bcrypt, argon2 and pbkdf2 carry everything in the value, as utf8 text.
        return [_error("INVALID_FORMAT", f"{algorithm} hashes take no hash.salt and only "
                       "hash.encoding utf8", "custom_password_hash.hash")]
    value = found.get("value")
    if not isinstance(value, str) or not matches_algorithm(algorithm, value):
        return [_error("INVALID_FORMAT", f"custom_password_hash.hash.value is not a valid {algorithm} hash",
                       "custom_password_hash.hash.value")]
    return []


def _error(code: str, message: str, path: str | None = None) -> dict:
    error = {"code": code, "message": message}
    if path:
        error["path"] = path
    return error


def password_hash(record: dict) -> str | None:
    custom = record.get("custom_password_hash")
    return custom["hash"]["value"] if custom else record.get("password_hash")


def run_import(db: Session, job: Job) -> None:
    """Insert (or with ``upsert`` update) each valid record; count and keep per-record errors.
    The outcome is a tenant log event, as in Auth0: ``sui`` when the job ran, ``fui`` when
    the file could not be imported at all."""
    try:
        records = _records(job.payload or "")
    except JobFailed as failed:
        logs.write("fui", description=f"Failed users import: {failed}", connection=job.connection,
                   details={"job_id": job.id})
        raise
    connection = db.scalar(select(Connection).where(Connection.id == job.connection_id))
    if connection is None:
        raise JobFailed("The connection no longer exists")
    batch = _Batch(db, connection, bool(job.params.get("upsert")),
                   current_app.extensions["mock_idp.clock"].now())
    errors = []
    for i, record in enumerate(records):
        problems = record_errors(record) or batch.store(record)
        if problems:
            batch.counts["failed"] += 1
            errors.append({"user": _redacted(record), "errors": problems})
        if i % BATCH == BATCH - 1:
            db.commit()
    job.summary = {**batch.counts, "total": len(records)}
    job.errors = errors
    db.commit()
    logs.write("sui", description="Successful users import", connection=connection.name,
               details={"job_id": job.id, "summary": job.summary})


def _records(payload: str) -> list:
    try:
        records = json.loads(payload)
    except ValueError:
        raise JobFailed("The users file is not valid JSON") from None
    if not isinstance(records, list):
        raise JobFailed("The users file must contain a JSON array of users")
    return records


class _Batch:
    """Stores records into one connection, knowing its users' emails and ids up front."""

    def __init__(self, db: Session, connection: Connection, upsert: bool, stamp: int):
        self.db, self.connection, self.upsert, self.stamp = db, connection, upsert, stamp
        self.counts = {"inserted": 0, "updated": 0, "failed": 0}
        self.by_email = {email: user_id for email, user_id in db.execute(
            select(User.email, User.user_id).where(User.connection == connection.name))}
        self.ids = set(db.scalars(select(User.user_id)))

    def store(self, record: dict) -> list[dict]:
        email = record["email"].lower()
        if email in self.by_email:
            if not self.upsert:
                return [_error("DUPLICATED_USER", "The user already exist and upsert parameter is false")]
            return self._update(self.db.get(User, self.by_email[email]), record)
        user = user_from_import(record, self.connection.name, self.stamp)
        if user.user_id in self.ids:
            return [_error("DUPLICATED_USER", "A user with this user_id already exists", "user_id")]
        user.password_hash = password_hash(record)
        self.db.add(user)
        self.by_email[email] = user.user_id
        self.ids.add(user.user_id)
        self.counts["inserted"] += 1
        return []

    def _update(self, user: User, record: dict) -> list[dict]:
        for key in UPDATABLE:
            if key in record:
                setattr(user, key, record[key])
        if password_hash(record):
            user.password_hash = password_hash(record)
        user.updated_at = self.stamp
        self.counts["updated"] += 1
        return []


def _redacted(record) -> dict:
    """The record as given, minus password hashes (errors are readable by other callers)."""
    if not isinstance(record, dict):
        return {}
    return {key: value for key, value in record.items()
            if key not in ("password_hash", "custom_password_hash")}


def notify_completion(app, job: Job) -> None:
    """Auth0 mails the tenant's owners when an import finishes (``send_completion_email``)."""
    settings = (app.extensions["mock_idp.tenant"].data.get("tenant") or {})
    to = settings.get("support_email")
    if not to or not job.params.get("send_completion_email", True) or job.type != "users_import":
        return
    summary = job.summary or {}
    text = (f"The users import job {job.id} into {job.connection} finished: {job.status}.\n"
            f"Inserted {summary.get('inserted', 0)}, updated {summary.get('updated', 0)}, "
            f"failed {summary.get('failed', 0)} of {summary.get('total', 0)}.\n")
    app.extensions["mock_idp.mailer"].send(Email(
        to=to, subject=f"Users import {job.status}", text=text, template="import_completed",
        data={"job_id": job.id, "summary": summary}))
