"""The sink's JSON API: list, read and clear what was received."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request

bp = Blueprint("mailsink", __name__)
MAX_LIMIT = 500


def _store():
    return current_app.extensions["mailsink.store"]


@bp.get("/messages")
def list_messages():
    """Newest first; ``to`` (any recipient) and ``template`` narrow the list."""
    limit = max(1, min(request.args.get("limit", 50, type=int), MAX_LIMIT))
    return jsonify(_store().list(to=request.args.get("to") or None,
                                 template=request.args.get("template") or None, limit=limit))


@bp.get("/messages/<int:message_id>")
def get_message(message_id: int):
    message = _store().get(message_id)
    if message is None:
        abort(404, description=f"No message {message_id}")
    return jsonify(message)


@bp.get("/messages/<int:message_id>/raw")
def raw_message(message_id: int):
    """The message exactly as delivered (message/rfc822), for mail clients and debugging."""
    raw = _store().raw(message_id)
    if raw is None:
        abort(404, description=f"No message {message_id}")
    return Response(raw, mimetype="message/rfc822",
                    headers={"Content-Disposition": f'inline; filename="{message_id}.eml"'})


@bp.delete("/messages")
def clear_messages():
    """Empty the mailbox (or one recipient's messages) between tests."""
    deleted = _store().clear(to=request.args.get("to") or None)
    return jsonify(deleted=deleted)


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
def json_error(error):
    return jsonify(error=error.name, error_description=error.description), error.code
