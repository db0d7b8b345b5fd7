"""``/api/v2/organizations``: CRUD, lookup by name, and the organization's enabled
connections. Members and invitations have their own modules."""

from __future__ import annotations

import secrets

from flask import Blueprint, jsonify
from sqlalchemy import func, select

from ... import organizations
from ...db import get_db
from ...models import Connection, Organization, OrganizationConnection
from ..auth import requires
from ..errors import bad_body, conflict, not_found
from ..paging import checkpoint, checkpoint_answer, offset_answer, offset_page, wants_checkpoint
from ..serialize import org_connection_json, organization_json
from ..validation import Field, check_value, json_body
from .common import no_content, now

bp = Blueprint("organizations", __name__)

FLAGS = {"assign_membership_on_login": Field("boolean"), "show_as_button": Field("boolean"),
         "is_signup_enabled": Field("boolean")}
ENABLE = {"connection_id": Field("string", min_length=1, max_length=64), **FLAGS}
UPDATE = {"name": Field("string", min_length=1, max_length=50),
          "display_name": Field("string", min_length=1, max_length=255),
          "branding": Field("object"), "metadata": Field("object")}
CREATE = {**UPDATE, "enabled_connections": Field("array")}
MAX_CONNECTIONS = 10


def load_org(org_id: str) -> Organization:
    org = get_db().get(Organization, org_id[:64])
    if org is None:
        raise not_found("No organization found by that id or name", "inexistent_organization")
    return org


@bp.get("/organizations")
@requires("read:organizations")
def list_organizations():
    db = get_db()
    if wants_checkpoint():
        after, take = checkpoint()
        query = select(Organization).order_by(Organization.id)
        if after:
            query = query.where(Organization.id > after)
        rows = db.scalars(query.limit(take + 1)).all()
        return jsonify(checkpoint_answer("organizations", rows, take, organization_json,
                                         lambda org: org.id))
    paging = offset_page()
    rows = db.scalars(select(Organization).order_by(Organization.name)
                      .offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(Organization))
    return jsonify(offset_answer("organizations", [organization_json(o) for o in rows], total,
                                 paging, length=False))


@bp.post("/organizations")
@requires("create:organizations")
def create_organization():
    body = json_body(CREATE, required=("name",))
    _check_fields(body)
    _unique_name(body["name"])
    db = get_db()
    org = Organization(id=f"org_{secrets.token_hex(8)}", name=body["name"],
                       display_name=body.get("display_name"), branding=body.get("branding") or {},
                       org_metadata=_metadata(body), created_at=now())
    db.add(org)
    db.flush()
    enabled = [_enable(org, item, f"enabled_connections[{i}]")
               for i, item in enumerate(body.get("enabled_connections") or [])]
    db.commit()
    answer = organization_json(org)
    if enabled:
        answer["enabled_connections"] = enabled
    return jsonify(answer), 201


@bp.get("/organizations/<org_id>")
@requires("read:organizations")
def get_organization(org_id: str):
    return jsonify(organization_json(load_org(org_id)))


@bp.get("/organizations/name/<name>")
@requires("read:organizations")
def organization_by_name(name: str):
    org = get_db().scalar(select(Organization).where(Organization.name == name[:50].lower()))
    if org is None:
        raise not_found("No organization found by that id or name", "inexistent_organization")
    return jsonify(organization_json(org))


@bp.patch("/organizations/<org_id>")
@requires("update:organizations")
def update_organization(org_id: str):
    body = json_body(UPDATE)
    _check_fields(body)
    org = load_org(org_id)
    if "name" in body:
        _unique_name(body["name"], org.id)
        org.name = body["name"]
    if "display_name" in body:
        org.display_name = body["display_name"]
    if "branding" in body:
        org.branding = body["branding"]
    if "metadata" in body:
        org.org_metadata = _metadata(body)
    get_db().commit()
    return jsonify(organization_json(org))


@bp.delete("/organizations/<org_id>")
@requires("delete:organizations")
def delete_organization(org_id: str):
    """Members, their organization roles, connections and invitations go with it."""
    db = get_db()
    db.delete(load_org(org_id))
    db.commit()
    return no_content()


def _check_fields(body: dict) -> None:
    if "name" in body and not organizations.NAME.match(body["name"]):
        raise bad_body("'String does not match pattern ^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$: "
                       f"{body['name'][:50]}' on property name.")
    branding = body.get("branding") or {}
    for key in branding:
        if key not in ("logo_url", "colors"):
            raise bad_body(f"'Additional properties not allowed: {key}' on property branding.")
    if "logo_url" in branding:
        check_value(branding["logo_url"], Field("string", max_length=255), "branding.logo_url")
        if not branding["logo_url"].startswith("https://"):
            raise bad_body("'logo_url must be an https URL' on property branding.logo_url.")
    colors = branding.get("colors")
    if colors is not None:
        check_value(colors, Field("object"), "branding.colors")
        for key in ("primary", "page_background"):
            if key not in colors:
                raise bad_body(f"'Missing required property: {key}' on property branding.colors.")
        for key, value in colors.items():
            check_value(value, Field("string", max_length=7), f"branding.colors.{key}")
    metadata = body.get("metadata") or {}
    if len(metadata) > 25:
        raise bad_body("'Too many properties defined (more than 25)' on property metadata.")
    for key, value in metadata.items():
        check_value(value, Field(("string", "null"), max_length=255), f"metadata.{key}")


def _metadata(body: dict) -> dict:
    """The body's metadata; a key set to null is left out."""
    return {k: v for k, v in (body.get("metadata") or {}).items() if v is not None}


def _unique_name(name: str, except_id: str | None = None) -> None:
    other = get_db().scalar(select(Organization).where(Organization.name == name))
    if other is not None and other.id != except_id:
        raise conflict("An organization with this name already exists.", "organization_conflict")


# -- enabled connections ----------------------------------------------------------------------


def _load_connection(connection_id: str) -> Connection:
    connection = get_db().get(Connection, connection_id[:64])
    if connection is None:
        raise not_found("The connection does not exist", "inexistent_connection")
    return connection


def _setting(org: Organization, connection_id: str) -> OrganizationConnection:
    setting = get_db().get(OrganizationConnection, (org.id, connection_id[:64]))
    if setting is None:
        raise not_found("The connection is not enabled for this organization",
                        "inexistent_connection")
    return setting


def _enable(org: Organization, item, where: str) -> dict:
    check_value(item, Field("object"), where)
    for key, value in item.items():
        if key not in ENABLE:
            raise bad_body(f"'Additional properties not allowed: {key}' on property {where}.")
        check_value(value, ENABLE[key], f"{where}.{key}")
    if "connection_id" not in item:
        raise bad_body(f"'Missing required property: connection_id' on property {where}.")
    db = get_db()
    connection = _load_connection(item["connection_id"])
    if db.get(OrganizationConnection, (org.id, connection.id)) is not None:
        raise conflict("The connection is already enabled for this organization",
                       "organization_connection_conflict")
    count = db.scalar(select(func.count()).select_from(OrganizationConnection)
                      .where(OrganizationConnection.organization_id == org.id))
    if count >= MAX_CONNECTIONS:
        raise bad_body(f"'An organization can have at most {MAX_CONNECTIONS} connections'.")
    setting = OrganizationConnection(
        organization_id=org.id, connection_id=connection.id,
        assign_membership_on_login=item.get("assign_membership_on_login", False),
        show_as_button=item.get("show_as_button", True),
        is_signup_enabled=item.get("is_signup_enabled", False), position=count)
    db.add(setting)
    db.flush()
    return org_connection_json(setting, connection)


@bp.get("/organizations/<org_id>/enabled_connections")
@requires("read:organization_connections")
def list_enabled_connections(org_id: str):
    org = load_org(org_id)
    paging = offset_page()
    db = get_db()
    query = select(OrganizationConnection, Connection).join(
        Connection, Connection.id == OrganizationConnection.connection_id).where(
        OrganizationConnection.organization_id == org.id)
    rows = db.execute(query.order_by(Connection.name).offset(paging.offset)
                      .limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    items = [org_connection_json(setting, connection) for setting, connection in rows]
    return jsonify(offset_answer("enabled_connections", items, total, paging, length=False))


@bp.post("/organizations/<org_id>/enabled_connections")
@requires("create:organization_connections")
def enable_connection(org_id: str):
    org = load_org(org_id)
    answer = _enable(org, json_body(ENABLE, required=("connection_id",)), "body")
    get_db().commit()
    return jsonify(answer), 201


@bp.get("/organizations/<org_id>/enabled_connections/<connection_id>")
@requires("read:organization_connections")
def get_enabled_connection(org_id: str, connection_id: str):
    setting = _setting(load_org(org_id), connection_id)
    return jsonify(org_connection_json(setting, _load_connection(setting.connection_id)))


@bp.patch("/organizations/<org_id>/enabled_connections/<connection_id>")
@requires("update:organization_connections")
def update_enabled_connection(org_id: str, connection_id: str):
    body = json_body(FLAGS)
    setting = _setting(load_org(org_id), connection_id)
    for key, value in body.items():
        setattr(setting, key, value)
    get_db().commit()
    return jsonify(org_connection_json(setting, _load_connection(setting.connection_id)))


@bp.delete("/organizations/<org_id>/enabled_connections/<connection_id>")
@requires("delete:organization_connections")
def disable_connection(org_id: str, connection_id: str):
    db = get_db()
    db.delete(_setting(load_org(org_id), connection_id))
    db.commit()
    return no_content()
