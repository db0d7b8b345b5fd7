"""``/api/v2/client-grants``: which client may get tokens for which API, with which scopes."""

from __future__ import annotations

import secrets

from flask import Blueprint, jsonify
from sqlalchemy import func, select

from ...db import get_db
from ...models import Client, ClientGrant, ResourceServer
from ..auth import requires
from ..errors import bad_body, conflict, not_found
from ..paging import (
    checkpoint,
    checkpoint_answer,
    offset_answer,
    offset_page,
    wants_checkpoint,
)
from ..serialize import grant_json
from ..validation import Field, json_body, q_bool, q_str
from .common import no_content

bp = Blueprint("client_grants", __name__)

SCOPES = Field("array", items="string")
ORG_FIELDS = {"organization_usage": Field("string", enum=("deny", "allow", "require")),
              "allow_any_organization": Field("boolean")}
CREATE = {"client_id": Field("string", min_length=1), "audience": Field("string", min_length=1),
          "scope": SCOPES, **ORG_FIELDS}


def load_grant(grant_id: str) -> ClientGrant:
    grant = get_db().get(ClientGrant, grant_id[:64])
    if grant is None:
        raise not_found("The client grant does not exist", "inexistent_client_grant")
    return grant


@bp.get("/client-grants")
@requires("read:client_grants")
def list_grants():
    query = select(ClientGrant)
    for name, column in (("audience", ClientGrant.audience), ("client_id", ClientGrant.client_id)):
        value = q_str(name, None, 300)
        if value:
            query = query.where(column == value)
    any_org = q_bool("allow_any_organization")
    if any_org is not None:
        query = query.where(ClientGrant.allow_any_organization.is_(True) if any_org else
                            ClientGrant.allow_any_organization.isnot(True))
    db = get_db()
    if wants_checkpoint():
        after, take = checkpoint()
        if after:
            query = query.where(ClientGrant.id > after)
        rows = db.scalars(query.order_by(ClientGrant.id).limit(take + 1)).all()
        return jsonify(checkpoint_answer("client_grants", rows, take, grant_json, lambda g: g.id))
    paging = offset_page()
    rows = db.scalars(query.order_by(ClientGrant.id).offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("client_grants", [grant_json(g) for g in rows], total, paging,
                                 length=False))


def _check_scopes(audience: str, scopes: list[str]) -> None:
    server = get_db().scalar(select(ResourceServer).where(ResourceServer.identifier == audience))
    if server is None:
        raise not_found(f"No resource server found for audience {audience[:200]}",
                        "inexistent_resource_server")
    unknown = [scope for scope in scopes if scope not in server.scopes]
    if unknown:
        raise bad_body(f"'Scopes not defined on the resource server: {','.join(unknown)[:300]}'.")


@bp.post("/client-grants")
@requires("create:client_grants")
def create_grant():
    body = json_body(CREATE, required=("client_id", "audience"))
    db = get_db()
    if db.get(Client, body["client_id"][:64]) is None:
        raise not_found("The client does not exist", "inexistent_client")
    scopes = list(dict.fromkeys(body.get("scope") or []))
    _check_scopes(body["audience"], scopes)
    if db.scalar(select(ClientGrant).where(ClientGrant.client_id == body["client_id"],
                                           ClientGrant.audience == body["audience"])):
        raise conflict("A client grant for this client and audience already exists",
                       "client_grant_conflict")
    grant = ClientGrant(id=f"cgr_{secrets.token_hex(8)}", client_id=body["client_id"],
                        audience=body["audience"], scope=scopes,
                        organization_usage=body.get("organization_usage"),
                        allow_any_organization=body.get("allow_any_organization"))
    db.add(grant)
    db.commit()
    return jsonify(grant_json(grant)), 201


@bp.get("/client-grants/<grant_id>")
@requires("read:client_grants")
def get_grant(grant_id: str):
    return jsonify(grant_json(load_grant(grant_id)))


@bp.patch("/client-grants/<grant_id>")
@requires("update:client_grants")
def update_grant(grant_id: str):
    # organization_usage may be reset to null (unset, Auth0's "deny") on update only.
    body = json_body({"scope": SCOPES, **ORG_FIELDS, "organization_usage": Field(
        ("string", "null"), enum=("deny", "allow", "require"))})
    grant = load_grant(grant_id)
    if "scope" in body:
        scopes = list(dict.fromkeys(body["scope"]))
        _check_scopes(grant.audience, scopes)
        grant.scope = scopes
    for name in ORG_FIELDS:
        if name in body:
            setattr(grant, name, body[name])
    get_db().commit()
    return jsonify(grant_json(grant))


@bp.delete("/client-grants/<grant_id>")
@requires("delete:client_grants")
def delete_grant(grant_id: str):
    db = get_db()
    db.delete(load_grant(grant_id))
    db.commit()
    return no_content()
