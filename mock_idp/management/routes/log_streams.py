"""``/api/v2/log-streams``: list, read, create, update (``status`` pauses or resumes a
stream) and delete the tenant's log streams, in Auth0's shapes."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select

from ...db import get_db
from ...logstreams import newest_seq, spec
from ...logstreams.destinations import literal_problem
from ...models import LogEvent, LogStream
from ..auth import requires
from ..errors import bad_body, conflict, not_found
from ..validation import Field, json_body
from .common import no_content, now

bp = Blueprint("log_streams", __name__)

NAME = Field("string", min_length=1, max_length=200)
CREATE = {"name": NAME, "type": Field("string"), "sink": Field("object"),
          "filters": Field("array"), "isPriority": Field("boolean"),
          "startFrom": Field("string", max_length=40)}
UPDATE = {"name": NAME, "status": Field("string"), "sink": Field("object"),
          "filters": Field("array"), "isPriority": Field("boolean")}
# Auth0's pii_config (masking or hashing fields on the way out) is refused with a 400 rather
# than accepted and ignored: the mock does not implement it.


def stream_json(row: LogStream) -> dict:
    answer = {"id": row.id, "name": row.name, "type": row.type, "status": row.status,
              "sink": dict(row.sink or {}), "isPriority": bool(row.is_priority)}
    if row.filters:
        answer["filters"] = list(row.filters)
    return answer


def load_stream(stream_id: str) -> LogStream:
    row = get_db().get(LogStream, stream_id[:64])
    if row is None:
        raise not_found("The log stream does not exist.", "inexistent_log_stream")
    return row


def _checked(check, *args):
    """Run a ``spec`` check; its problem becomes Auth0's payload validation error."""
    try:
        return check(*args)
    except spec.Problem as problem:
        raise bad_body(f"'{problem.message}' on property {problem.where}.") from None


def _reachable(sink: dict) -> dict:
    """Refuse an endpoint at an address the tenant never delivers to (destinations.py)."""
    url = sink.get("httpEndpoint")
    problem = literal_problem(url, current_app.config["LOG_STREAM_PRIVATE_TARGETS"]) \
        if isinstance(url, str) else None
    if problem is not None:
        raise bad_body(f"'{problem}; log streams are not delivered there' "
                       "on property sink.httpEndpoint.")
    return sink


@bp.get("/log-streams")
@requires("read:log_streams")
def list_streams():
    rows = get_db().scalars(select(LogStream).order_by(LogStream.created_at, LogStream.name))
    return jsonify([stream_json(row) for row in rows])


@bp.get("/log-streams/<stream_id>")
@requires("read:log_streams")
def get_stream(stream_id: str):
    return jsonify(stream_json(load_stream(stream_id)))


@bp.post("/log-streams")
@requires("create:log_streams")
def create_stream():
    body = json_body(CREATE, required=("type", "sink"))
    _checked(spec.check_type, body["type"])
    sink = _reachable(_checked(spec.check_sink, body["sink"]))
    filters = _checked(spec.check_filters, body.get("filters"))
    name = body.get("name") or f"{body['type']} log stream"
    _unique_name(name)
    db = get_db()
    row = LogStream(id=f"lst_{secrets.token_hex(8)}", name=name, type=body["type"],
                    status="active", sink=sink, filters=filters,
                    is_priority=bool(body.get("isPriority", False)),
                    cursor=_start(body.get("startFrom")), failures=0, delivered=0,
                    created_at=now())
    db.add(row)
    db.commit()
    _worker().refresh()
    return jsonify(stream_json(row))


@bp.patch("/log-streams/<stream_id>")
@requires("update:log_streams")
def update_stream(stream_id: str):
    row = load_stream(stream_id)
    body = json_body(UPDATE)
    if "status" in body:
        if _checked(spec.check_status, body["status"]) == "suspended":
            raise bad_body("'Only the tenant suspends a stream; set active or paused' "
                           "on property status.")
        row.status = body["status"]
        if row.status == "active":
            row.failures, row.last_error = 0, None  # resume from the stored cursor
    if "sink" in body:
        merged = {**(row.sink or {}),
                  **_reachable(_checked(spec.check_sink, body["sink"], True))}
        row.sink = {key: value for key, value in merged.items() if value is not None}
    if "filters" in body:
        row.filters = _checked(spec.check_filters, body["filters"])
    if "name" in body:
        _unique_name(body["name"], row.id)
        row.name = body["name"]
    if "isPriority" in body:
        row.is_priority = body["isPriority"]
    get_db().commit()
    _worker().refresh()
    return jsonify(stream_json(row))


@bp.delete("/log-streams/<stream_id>")
@requires("delete:log_streams")
def delete_stream(stream_id: str):
    db = get_db()
    db.delete(load_stream(stream_id))
    db.commit()
    _worker().refresh()
    return no_content()


def _unique_name(name: str, except_id: str | None = None) -> None:
    other = get_db().scalar(select(LogStream).where(LogStream.name == name))
    if other is not None and other.id != except_id:
        raise conflict(f"A log stream named {name[:100]} already exists.", "log_stream_conflict")


def _start(start_from: str | None) -> int:
    """The cursor of a new stream: now, or just before the first event at ``startFrom``."""
    db = get_db()
    if not start_from:
        return newest_seq(db)
    try:
        stamp = datetime.fromisoformat(start_from)
    except ValueError:
        raise bad_body(f"'{start_from[:40]} is not an ISO 8601 date and time' "
                       "on property startFrom.") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    text = stamp.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    first = db.scalar(select(func.min(LogEvent.seq)).where(LogEvent.date >= text))
    return (first - 1) if first is not None else newest_seq(db)


def _worker():
    return current_app.extensions["mock_idp.log_streams"]
