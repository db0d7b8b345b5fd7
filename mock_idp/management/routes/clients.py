"""``/api/v2/clients`` (applications). A client created here gets random credentials; the
tenant files' clients keep the mock's deterministic ones. ``client_secret`` is shown on create,
and on reads to callers holding ``read:client_keys``."""

from __future__ import annotations

import base64
import secrets
import string

from flask import Blueprint, jsonify
from sqlalchemy import delete, select

from ...db import get_db
from ...models import Client, ClientGrant, Connection
from ..auth import caller, requires
from ..errors import conflict, not_found
from ..paging import fields_param, offset_answer, offset_page, project
from ..serialize import CLIENT_SETTINGS, client_json
from ..validation import Field, json_body, q_bool, q_str
from .common import no_content, tenant_name

bp = Blueprint("clients", __name__)

APP_TYPES = ("native", "spa", "regular_web", "non_interactive")
AUTH_METHODS = ("none", "client_secret_post", "client_secret_basic")
URLS = Field("array", items="string")
SETTINGS = {
    "name": Field("string", min_length=1, max_length=200), "app_type": Field("string", enum=APP_TYPES),
    "token_endpoint_auth_method": Field("string", enum=AUTH_METHODS),
    "callbacks": URLS, "allowed_logout_urls": URLS, "grant_types": URLS, "web_origins": URLS,
    "allowed_origins": URLS, "client_aliases": URLS, "description": Field("string", max_length=140),
    "logo_uri": Field("string"), "jwt_configuration": Field("object"),
    "refresh_token": Field("object"), "oidc_conformant": Field("boolean"),
    "is_first_party": Field("boolean"), "client_metadata": Field("object"),
    "initiate_login_uri": Field("string"), "sso": Field("boolean"), "sso_disabled": Field("boolean"),
    "cross_origin_authentication": Field("boolean"), "organization_usage": Field("string"),
    "organization_require_behavior": Field("string"),
}
UPDATE = {**SETTINGS, "client_secret": Field("string", min_length=32, max_length=128)}
_ALPHABET = string.ascii_letters + string.digits


def load_client(client_id: str) -> Client:
    client = get_db().get(Client, client_id[:64])
    if client is None:
        raise not_found("The client does not exist", "inexistent_client")
    return client


def _answer(client: Client, with_secret: bool | None = None) -> dict:
    show = caller().has("read:client_keys") if with_secret is None else with_secret
    return client_json(client, tenant_name(), show)


@bp.get("/clients")
@requires("read:clients", "read:client_keys")
def list_clients():
    paging = offset_page()
    fields, include = fields_param()
    query = select(Client)
    if q_str("app_type"):
        query = query.where(Client.app_type.in_(q_str("app_type").split(",")))
    db = get_db()
    rows = db.scalars(query.order_by(Client.name)).all()
    first_party = q_bool("is_first_party")
    if first_party is not None:
        rows = [c for c in rows if bool((c.config or {}).get("is_first_party", True)) == first_party]
    page = rows[paging.offset:paging.offset + paging.per_page]
    items = [project(_answer(c), fields, include) for c in page]
    return jsonify(offset_answer("clients", items, len(rows), paging, length=False))


@bp.post("/clients")
@requires("create:clients")
def create_client():
    body = json_body(SETTINGS, required=("name",))
    _name_is_free(body["name"])
    app_type = body.get("app_type", "regular_web")
    method = body.get("token_endpoint_auth_method",
                      "none" if app_type in ("native", "spa") else "client_secret_post")
    client = Client(
        client_id="".join(secrets.choice(_ALPHABET) for _ in range(32)), name=body["name"],
        client_secret=base64.urlsafe_b64encode(secrets.token_bytes(48)).decode().rstrip("="),
        app_type=app_type, token_endpoint_auth_method=method, callbacks=[], allowed_logout_urls=[],
        grant_types=["client_credentials"] if app_type == "non_interactive" else
        ["authorization_code", "implicit", "refresh_token"], config={})
    _apply(client, body)
    db = get_db()
    db.add(client)
    db.commit()
    return jsonify(_answer(client, with_secret=True)), 201


def _name_is_free(name: str, own_id: str | None = None) -> None:
    """The mock keys tenant-file clients by name (as deploy-cli matches them), so two clients
    may not share one; Auth0 itself would allow it."""
    other = get_db().scalar(select(Client).where(Client.name == name))
    if other is not None and other.client_id != own_id:
        raise conflict(f"A client named {name!r} already exists", "client_conflict")


def _apply(client: Client, body: dict) -> None:
    for key in ("name", "app_type", "token_endpoint_auth_method", "callbacks",
                "allowed_logout_urls", "grant_types", "client_secret"):
        if key in body:
            setattr(client, key, body[key])
    config = dict(client.config or {})
    config.update({key: body[key] for key in CLIENT_SETTINGS if key in body})
    config["name"] = client.name
    client.config = config


@bp.get("/clients/<client_id>")
@requires("read:clients", "read:client_keys")
def get_client(client_id: str):
    fields, include = fields_param()
    return jsonify(project(_answer(load_client(client_id)), fields, include))


@bp.patch("/clients/<client_id>")
@requires("update:clients", "update:client_keys")
def update_client(client_id: str):
    body = json_body(UPDATE)
    client = load_client(client_id)
    if "name" in body:
        _name_is_free(body["name"], client.client_id)
    _apply(client, body)
    get_db().commit()
    return jsonify(_answer(client))


@bp.delete("/clients/<client_id>")
@requires("delete:clients")
def delete_client(client_id: str):
    db = get_db()
    client = load_client(client_id)
    for connection in db.scalars(select(Connection)):
        if client.client_id in (connection.enabled_clients or []):
            connection.enabled_clients = [c for c in connection.enabled_clients if c != client.client_id]
    db.execute(delete(ClientGrant).where(ClientGrant.client_id == client.client_id))
    db.delete(client)
    db.commit()
    return no_content()
