"""The API topic's two simplest routes: one open to all, one for any valid token."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from .auth import requires_auth

bp = Blueprint("messages", __name__, url_prefix="/api")


@bp.get("/public")
def public():
    """No token needed: proves the API is up and reachable."""
    return jsonify(message="Hello from a public endpoint. No token is needed to see this.")


@bp.get("/private")
@requires_auth
def private():
    """Any valid access token: echo who called and what the token grants."""
    return jsonify(
        message="Hello from a private endpoint. A valid access token is needed to see this.",
        sub=g.sub,
        azp=g.claims.get("azp"),
        permissions=sorted(g.permissions),
    )
