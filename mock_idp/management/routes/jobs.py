"""``/api/v2/jobs``: users imports (multipart upload), verification emails, status, errors."""

from __future__ import annotations

import secrets

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ...db import get_db
from ...models import Client, Connection, Job, User
from ..auth import requires
from ..errors import ApiError, bad_body, not_found
from ..serialize import iso
from ..validation import FALSE, TRUE, Field, json_body
from .common import now

bp = Blueprint("jobs", __name__)


def job_json(job: Job) -> dict:
    data = {"status": job.status, "type": job.type, "created_at": iso(job.created_at), "id": job.id,
            "connection_id": job.connection_id, "connection": job.connection,
            "external_id": job.external_id, "summary": job.summary,
            "status_details": job.status_details}
    return {key: value for key, value in data.items() if value is not None}


def _queue(job: Job) -> Job:
    db = get_db()
    db.add(job)
    db.commit()
    current_app.extensions["mock_idp.jobs"].submit(job.id)
    return job


def _new_job(kind: str, **fields) -> Job:
    return Job(id=f"job_{secrets.token_hex(8)}", type=kind, status="pending", created_at=now(),
               errors=[], **fields)


def _form_flag(name: str, default: bool) -> bool:
    raw = request.form.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in TRUE | FALSE:
        return raw.lower() in TRUE
    raise bad_body(f"'Expected type boolean but found type string' on property {name}.")


@bp.post("/jobs/users-imports")
@requires("create:users")
def users_imports():
    upload = request.files.get("users")
    if upload is None:
        raise bad_body("'Missing required property: users'.")
    connection = get_db().get(Connection, (request.form.get("connection_id") or "")[:64])
    if connection is None:
        raise bad_body("'Missing required property: connection_id'.") if not request.form.get(
            "connection_id") else ApiError(400, "The connection does not exist.", "inexistent_connection")
    if connection.strategy != "auth0":
        raise ApiError(400, "Users can be imported into database connections only.",
                       "operation_not_supported")
    limit = int(current_app.config["MGMT_IMPORT_MAX_BYTES"])
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise RequestEntityTooLarge()
    params = {"upsert": _form_flag("upsert", False),
              "send_completion_email": _form_flag("send_completion_email", True)}
    job = _new_job("users_import", connection_id=connection.id, connection=connection.name,
                   external_id=(request.form.get("external_id") or None), params=params,
                   payload=content.decode("utf-8", errors="replace"))
    return jsonify(job_json(_queue(job))), 202


@bp.post("/jobs/verification-email")
@requires("update:users")
def verification_email():
    body = json_body({"user_id": Field("string", min_length=1), "client_id": Field("string"),
                      "identity": Field("object"), "organization_id": Field("string")},
                     required=("user_id",))
    db = get_db()
    if db.get(User, body["user_id"][:200]) is None:
        raise not_found("The user does not exist.", "inexistent_user")
    if body.get("client_id") and db.get(Client, body["client_id"][:64]) is None:
        raise not_found("The client does not exist", "inexistent_client")
    job = _new_job("verification_email",
                   params={"user_id": body["user_id"], "client_id": body.get("client_id")})
    return jsonify(job_json(_queue(job))), 201


def load_job(job_id: str) -> Job:
    job = get_db().get(Job, job_id[:64])
    if job is None:
        raise not_found("The job does not exist.", "inexistent_job")
    return job


@bp.get("/jobs/<job_id>")
@requires("create:users", "read:users")
def get_job(job_id: str):
    return jsonify(job_json(load_job(job_id)))


@bp.get("/jobs/<job_id>/errors")
@requires("create:users", "read:users")
def job_errors(job_id: str):
    """Per-record errors; the job itself when it failed as a whole; nothing when all went well."""
    job = load_job(job_id)
    if job.status == "failed":
        return jsonify(job_json(job))
    if not job.errors:
        return "", 204
    return jsonify(job.errors)

