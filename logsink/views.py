"""The sink's routes: ingest (firewall, then secret), the JSON API and the page."""

from __future__ import annotations

import hmac
import json
import logging

from flask import Blueprint, current_app, jsonify, render_template, request

log = logging.getLogger(__name__)
bp = Blueprint("logsink", __name__)
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def error(status: int, code: str, description: str, **headers):
    response = jsonify(error=code, error_description=description)
    response.status_code = status
    response.headers.update(headers)
    return response


def _store():
    return current_app.extensions["logsink.store"]


@bp.before_app_request
def firewall():
    """Only allowed addresses get anywhere but the health check (403, whatever they carry)."""
    if request.endpoint == "logsink.health":
        return None
    if not current_app.extensions["logsink.allow_list"].allows(request.remote_addr):
        log.warning("refused %s %s from %s: not an allowed address", request.method,
                    request.path, request.remote_addr)
        return error(403, "forbidden", "This address may not reach the log sink")
    return None


@bp.post("/auth0/logs")
def ingest():
    """One delivery from a log stream: check the secret, parse, store."""
    secret = current_app.config["SECRET"]
    if not secret:
        return error(503, "not_configured", "The log sink has no shared secret configured")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {secret}".encode()):
        log.warning("refused a batch from %s: missing or wrong secret", request.remote_addr)
        return error(401, "unauthorized", "Send the stream's secret as a bearer token",
                     **{"WWW-Authenticate": 'Bearer realm="logsink"'})
    if (request.content_length or 0) > int(current_app.config["MAX_BODY_BYTES"]):
        return error(413, "too_large", "The batch is larger than the sink accepts")
    try:
        events, content_format = parse(request.get_data(cache=False))
    except ValueError as exc:
        return error(400, "invalid_batch", str(exc))
    batch_id = _store().save(events, request.remote_addr, request.content_type, content_format)
    return jsonify(id=batch_id, received=len(events)), 200


def parse(raw: bytes) -> tuple[list, str]:
    """A JSON array, one JSON object, or JSON lines; events must be objects."""
    text = raw.decode("utf-8", errors="strict").strip() if raw else ""
    if not text:
        raise ValueError("The batch is empty")
    try:
        whole = json.loads(text)
        events, content_format = (whole, "JSONARRAY") if isinstance(whole, list) else \
            ([whole], "JSONOBJECT")
    except json.JSONDecodeError:
        try:
            events = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ValueError(f"Not JSON, JSON lines or a JSON array (line {exc.lineno})") from None
        content_format = "JSONLINES"
    if not all(isinstance(item, dict) for item in events):
        raise ValueError("Every event must be a JSON object")
    return events, content_format


@bp.get("/batches")
def list_batches():
    limit = max(1, min(request.args.get("limit", 50, type=int), 500))
    return jsonify(_store().list(limit))


@bp.get("/events")
def list_events():
    """Events from every batch, oldest first (``type`` narrows to one event type)."""
    limit = max(1, min(request.args.get("limit", 500, type=int), 5000))
    return jsonify(_store().events(request.args.get("type") or None, limit))


@bp.delete("/batches")
def clear_batches():
    return jsonify(deleted=_store().clear())


@bp.get("/")
def page():
    limit = max(1, min(request.args.get("limit", 50, type=int), 500))
    response = current_app.make_response(render_template("batches.html",
                                                         batches=_store().list(limit)))
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


@bp.get("/health")
def health():
    return jsonify(status="ok")


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
def json_error(exc):
    return error(exc.code, exc.name.lower().replace(" ", "_"), exc.description)
