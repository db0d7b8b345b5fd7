"""``/api/v2/connections`` for database connections: list, read, create, update, delete."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, jsonify, request
from sqlalchemy import delete, func, select

from ...db import get_db
from ...models import Client, Connection, User
from ..auth import requires
from ..errors import ApiError, bad_body, conflict, not_found
from ..paging import (
    checkpoint,
    checkpoint_answer,
    fields_param,
    offset_answer,
    offset_page,
    project,
    wants_checkpoint,
)
from ..serialize import connection_json
from ..validation import Field, json_body, q_str
from .common import no_content

bp = Blueprint("connections", __name__)

NAME = re.compile(r"^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$")
UPDATE = {"options": Field("object"), "enabled_clients": Field("array", items="string"),
          "display_name": Field("string", max_length=128), "metadata": Field("object"),
          "is_domain_connection": Field("boolean"), "realms": Field("array", items="string"),
          "show_as_button": Field("boolean")}
CREATE = {**UPDATE, "name": Field("string", min_length=1, max_length=128),
          "strategy": Field("string", min_length=1)}


def load_connection(connection_id: str) -> Connection:
    connection = get_db().get(Connection, connection_id[:64])
    if connection is None:
        raise not_found("The connection does not exist", "inexistent_connection")
    return connection


@bp.get("/connections")
@requires("read:connections")
def list_connections():
    query = select(Connection)
    strategies = request.args.getlist("strategy")
    if strategies:
        query = query.where(Connection.strategy.in_(strategies))
    if q_str("name", None, 200):
        query = query.where(Connection.name == q_str("name"))
    fields, include = fields_param()
    as_json = lambda c: project(connection_json(c), fields, include)
    db = get_db()
    if wants_checkpoint():
        after, take = checkpoint()
        if after:
            query = query.where(Connection.id > after)
        rows = db.scalars(query.order_by(Connection.id).limit(take + 1)).all()
        return jsonify(checkpoint_answer("connections", rows, take, as_json, lambda c: c.id))
    paging = offset_page()
    rows = db.scalars(query.order_by(Connection.id).offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("connections", [as_json(c) for c in rows], total, paging,
                                 length=False))


def _clients(ids: list[str]) -> list[str]:
    known = set(get_db().scalars(select(Client.client_id).where(Client.client_id.in_(ids))))
    unknown = [client_id for client_id in ids if client_id not in known]
    if unknown:
        raise bad_body(f"'Unknown client in enabled_clients: {unknown[0][:64]}'.")
    return list(dict.fromkeys(ids))


@bp.post("/connections")
@requires("create:connections")
def create_connection():
    body = json_body(CREATE, required=("name", "strategy"))
    if not NAME.match(body["name"]):
        raise bad_body("'String does not match pattern ^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$' "
                       "on property name.")
    if body["strategy"] != "auth0":
        raise ApiError(400, f"The mock supports database connections (strategy auth0), not "
                       f"{body['strategy'][:40]}.", "operation_not_supported")
    db = get_db()
    if db.scalar(select(Connection).where(Connection.name == body["name"])):
        raise conflict("A connection with the same name already exists", "connection_conflict")
    connection = Connection(id=f"con_{secrets.token_hex(8)}", name=body["name"], strategy="auth0",
                            options=dict(body.get("options") or {}),
                            enabled_clients=_clients(body.get("enabled_clients") or []))
    db.add(connection)
    db.commit()
    return jsonify(connection_json(connection)), 201


@bp.get("/connections/<connection_id>")
@requires("read:connections")
def get_connection(connection_id: str):
    fields, include = fields_param()
    return jsonify(project(connection_json(load_connection(connection_id)), fields, include))


@bp.patch("/connections/<connection_id>")
@requires("update:connections")
def update_connection(connection_id: str):
    body = json_body(UPDATE)
    connection = load_connection(connection_id)
    if "options" in body:
        connection.options = dict(body["options"])  # Auth0 replaces options whole
    if "enabled_clients" in body:
        connection.enabled_clients = _clients(body["enabled_clients"])
    get_db().commit()
    return jsonify(connection_json(connection))


@bp.delete("/connections/<connection_id>")
@requires("delete:connections")
def delete_connection(connection_id: str):
    """Deleting a connection deletes its users, as in Auth0."""
    db = get_db()
    connection = load_connection(connection_id)
    db.execute(delete(User).where(User.connection == connection.name))
    db.delete(connection)
    db.commit()
    return no_content()
