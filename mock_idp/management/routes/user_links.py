"""A user's roles, effective permissions and log events."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import delete, func, select

from ...db import get_db
from ...models import LogEvent, ResourceServer, Role, RolePermission, UserRole
from ..auth import requires
from ..errors import bad_body, not_found
from ..paging import offset_answer, offset_page
from ..serialize import role_json
from ..validation import Field, json_body
from .common import load_user, no_content
from .logs import log_order

bp = Blueprint("user_links", __name__)

ROLE_IDS = {"roles": Field("array", items="string")}


@bp.get("/users/<user_id>/roles")
@requires("read:users", "read:roles")
def user_roles(user_id: str):
    user = load_user(user_id)
    paging = offset_page()
    db = get_db()
    query = select(Role).join(UserRole, UserRole.role_id == Role.id).where(
        UserRole.user_id == user.user_id)
    rows = db.scalars(query.order_by(Role.name).offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("roles", [role_json(r) for r in rows], total, paging, length=False))


def _role_ids() -> list[str]:
    ids = json_body(ROLE_IDS, required=("roles",))["roles"]
    if not ids:
        raise bad_body("'Array is too short (0), minimum 1' on property roles.")
    known = set(get_db().scalars(select(Role.id).where(Role.id.in_(ids))))
    missing = [role_id for role_id in ids if role_id not in known]
    if missing:
        raise not_found(f"The role does not exist: {missing[0][:64]}", "inexistent_role")
    return list(dict.fromkeys(ids))


@bp.post("/users/<user_id>/roles")
@requires("update:users", "create:role_members")
def assign_roles(user_id: str):
    user = load_user(user_id)
    db = get_db()
    have = set(db.scalars(select(UserRole.role_id).where(UserRole.user_id == user.user_id)))
    for role_id in _role_ids():
        if role_id not in have:
            db.add(UserRole(user_id=user.user_id, role_id=role_id))
    db.commit()
    return no_content()


@bp.delete("/users/<user_id>/roles")
@requires("update:users", "delete:role_members")
def remove_roles(user_id: str):
    user = load_user(user_id)
    db = get_db()
    db.execute(delete(UserRole).where(UserRole.user_id == user.user_id,
                                      UserRole.role_id.in_(_role_ids())))
    db.commit()
    return no_content()


@bp.get("/users/<user_id>/permissions")
@requires("read:users")
def user_permissions(user_id: str):
    """Permissions the user holds through roles, with where each comes from."""
    user = load_user(user_id)
    paging = offset_page()
    rows = get_db().execute(
        select(RolePermission, Role.name, ResourceServer)
        .join(UserRole, UserRole.role_id == RolePermission.role_id)
        .join(Role, Role.id == RolePermission.role_id)
        .outerjoin(ResourceServer, ResourceServer.identifier == RolePermission.resource_server_identifier)
        .where(UserRole.user_id == user.user_id)
        .order_by(RolePermission.resource_server_identifier, RolePermission.permission_name)).all()
    merged: dict[tuple, dict] = {}
    for perm, role_name, server in rows:
        key = (perm.resource_server_identifier, perm.permission_name)
        item = merged.setdefault(key, permission_json(perm, server))
        item["sources"].append({"source_id": perm.role_id, "source_name": role_name,
                                "source_type": "ROLE"})
    items = list(merged.values())
    page = items[paging.offset:paging.offset + paging.per_page]
    return jsonify(offset_answer("permissions", page, len(items), paging, length=False))


def permission_json(perm: RolePermission, server: ResourceServer | None) -> dict:
    descriptions = {s.get("value"): s.get("description", "")
                    for s in ((server.config or {}).get("scopes") or []) if isinstance(s, dict)} \
        if server is not None else {}
    return {"permission_name": perm.permission_name,
            "description": descriptions.get(perm.permission_name, ""),
            "resource_server_name": server.name if server is not None else "",
            "resource_server_identifier": perm.resource_server_identifier, "sources": []}


@bp.get("/users/<user_id>/logs")
@requires("read:logs", "read:logs_users")
def user_logs(user_id: str):
    user = load_user(user_id)
    paging = offset_page(capped=True)
    db = get_db()
    query = select(LogEvent).where(LogEvent.user_id == user.user_id)
    rows = db.scalars(query.order_by(log_order()).offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("logs", [row.data for row in rows], total, paging))
