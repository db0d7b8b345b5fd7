"""``/api/v2/resource-servers`` (APIs). The Management API itself is a read-only system API."""

from __future__ import annotations

import secrets

from flask import Blueprint, jsonify, request
from sqlalchemy import delete, func, or_, select

from ...db import get_db
from ...models import ClientGrant, ResourceServer, RolePermission
from ..auth import requires
from ..errors import ApiError, bad_body, conflict, not_found
from ..paging import offset_answer, offset_page
from ..serialize import resource_server_json
from ..validation import Field, check_value, json_body

bp = Blueprint("resource_servers", __name__)

DIALECTS = ("access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz")
SETTINGS = {
    "name": Field("string", min_length=1, max_length=200), "scopes": Field("array"),
    "signing_alg": Field("string", enum=("RS256",)), "allow_offline_access": Field("boolean"),
    "token_lifetime": Field("integer", minimum=1, maximum=2592000),
    "token_lifetime_for_web": Field("integer", minimum=1, maximum=2592000),
    "skip_consent_for_verifiable_first_party_clients": Field("boolean"),
    "enforce_policies": Field("boolean"), "token_dialect": Field("string", enum=DIALECTS),
}
CREATE = {**SETTINGS, "identifier": Field("string", min_length=1, max_length=300)}


def load_server(id_or_identifier: str) -> ResourceServer:
    server = get_db().scalar(select(ResourceServer).where(or_(
        ResourceServer.id == id_or_identifier, ResourceServer.identifier == id_or_identifier)))
    if server is None:
        raise not_found("The resource server does not exist.", "inexistent_resource_server")
    return server


@bp.get("/resource-servers")
@requires("read:resource_servers")
def list_servers():
    paging = offset_page()
    query = select(ResourceServer)
    wanted = request.args.getlist("identifiers")
    if wanted:
        query = query.where(ResourceServer.identifier.in_(wanted))
    db = get_db()
    rows = db.scalars(query.order_by(ResourceServer.name).offset(paging.offset)
                      .limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("resource_servers", [resource_server_json(s) for s in rows],
                                 total, paging, length=False))


@bp.post("/resource-servers")
@requires("create:resource_servers")
def create_server():
    body = json_body(CREATE, required=("identifier",))
    db = get_db()
    if db.scalar(select(ResourceServer).where(ResourceServer.identifier == body["identifier"])):
        raise conflict("A resource server with the same identifier already exists",
                       "resource_server_conflict")
    server = ResourceServer(id=secrets.token_hex(12), identifier=body["identifier"],
                            name=body.get("name") or body["identifier"], scopes=[], config={})
    _apply(server, body)
    db.add(server)
    db.commit()
    return jsonify(resource_server_json(server)), 201


def _apply(server: ResourceServer, body: dict) -> None:
    config = dict(server.config or {})
    if "scopes" in body:
        scopes = []
        for i, item in enumerate(body["scopes"]):
            check_value(item, Field("object"), f"scopes[{i}]")
            if not isinstance(item.get("value"), str) or not item["value"]:
                raise bad_body(f"'Missing required property: value' on property scopes[{i}].")
            scopes.append({"value": item["value"], "description": str(item.get("description", ""))})
        server.scopes = [s["value"] for s in scopes]
        config["scopes"] = scopes
    for key in ("name", "enforce_policies", "token_dialect", "token_lifetime",
                "allow_offline_access"):
        if key in body:
            setattr(server, key, body[key])
    for key in ("token_lifetime_for_web", "skip_consent_for_verifiable_first_party_clients"):
        if key in body:
            config[key] = body[key]
    server.config = config


@bp.get("/resource-servers/<path:server_id>")
@requires("read:resource_servers")
def get_server(server_id: str):
    return jsonify(resource_server_json(load_server(server_id)))


@bp.patch("/resource-servers/<path:server_id>")
@requires("update:resource_servers")
def update_server(server_id: str):
    body = json_body(SETTINGS)
    server = _writable(load_server(server_id))
    _apply(server, body)
    get_db().commit()
    return jsonify(resource_server_json(server))


@bp.delete("/resource-servers/<path:server_id>")
@requires("delete:resource_servers")
def delete_server(server_id: str):
    db = get_db()
    server = _writable(load_server(server_id))
    db.execute(delete(ClientGrant).where(ClientGrant.audience == server.identifier))
    db.execute(delete(RolePermission).where(
        RolePermission.resource_server_identifier == server.identifier))
    db.delete(server)
    db.commit()
    return "", 204


def _writable(server: ResourceServer) -> ResourceServer:
    if (server.config or {}).get("is_system"):
        raise ApiError(403, "You cannot modify the system resource server (Auth0 Management API).",
                       "operation_not_supported")
    return server
