"""Liveness with substance: the database answers and signing keys are known."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    """200 when every check passes, else 503; details never include secrets or URLs."""
    database = current_app.extensions["api.db"].ping()
    jwks = current_app.extensions["api.jwks"].ensure_loaded()
    ok = database and jwks
    body = {
        "status": "ok" if ok else "unavailable",
        "checks": {
            "database": "ok" if database else "unreachable",
            "jwks": "ok" if jwks else "unreachable",
        },
    }
    return jsonify(body), 200 if ok else 503
