"""The test-control plane under ``/_cookbook``: what tests need that Auth0 does not offer.

Registered only when ``CONTROL_PLANE`` is on; never part of the emulated API.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from sqlalchemy import select

from ..db import get_db
from ..models import Client, LogEvent, SsoSession

bp = Blueprint("control", __name__, url_prefix="/_cookbook")


@bp.get("/clients")
def clients():
    rows = get_db().scalars(select(Client).order_by(Client.name))
    return jsonify([{"name": c.name, "client_id": c.client_id, "client_secret": c.client_secret,
                     "app_type": c.app_type} for c in rows])


@bp.get("/logs")
def log_events():
    take = max(1, min(request.args.get("take", 100, type=int), 1000))
    query = select(LogEvent).order_by(LogEvent.seq.desc()).limit(take)
    if request.args.get("type"):
        query = query.where(LogEvent.type == request.args["type"])
    if request.args.get("user_id"):
        query = query.where(LogEvent.user_id == request.args["user_id"])
    return jsonify([event.data for event in get_db().scalars(query)])


@bp.get("/sessions")
def sso_sessions():
    rows = get_db().scalars(select(SsoSession).order_by(SsoSession.created_at))
    return jsonify([{"sid": s.id, "user_id": s.user_id, "clients": s.clients,
                     "authenticated_at": s.authenticated_at, "ended_at": s.ended_at} for s in rows])


@bp.post("/clock")
def move_clock():
    body = request.get_json(silent=True) or {}
    seconds = body.get("advance")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
        abort(400, description='Send {"advance": <seconds>}')
    clock = current_app.extensions["mock_idp.clock"]
    clock.advance(seconds)
    return jsonify(now=clock.now())
