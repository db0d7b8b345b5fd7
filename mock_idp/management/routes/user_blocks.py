"""``/api/v2/user-blocks``: brute-force blocks by identifier or by user id."""

from __future__ import annotations

from flask import Blueprint, jsonify

from ...db import get_db
from .. import blocks
from ..auth import requires
from ..errors import bad_query
from ..validation import q_str
from .common import load_user, no_content

bp = Blueprint("user_blocks", __name__)


def _identifier() -> str:
    identifier = q_str("identifier", None, 320)
    if not identifier:
        raise bad_query("'Missing required property: identifier'.")
    return identifier


@bp.get("/user-blocks")
@requires("read:users")
def by_identifier():
    rows = blocks.blocks_for(get_db(), [_identifier()])
    return jsonify(blocked_for=[blocks.as_json(row) for row in rows])


@bp.delete("/user-blocks")
@requires("update:users")
def unblock_identifier():
    blocks.unblock(get_db(), [_identifier()])
    return no_content()


@bp.get("/user-blocks/<user_id>")
@requires("read:users")
def by_user(user_id: str):
    user = load_user(user_id)
    rows = blocks.blocks_for(get_db(), [user.email or ""])
    return jsonify(blocked_for=[blocks.as_json(row) for row in rows])


@bp.delete("/user-blocks/<user_id>")
@requires("update:users")
def unblock_user(user_id: str):
    user = load_user(user_id)
    blocks.unblock(get_db(), [user.email or ""])
    return no_content()
