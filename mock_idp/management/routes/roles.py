"""``/api/v2/roles``: CRUD, the role's permissions and its users."""

from __future__ import annotations

import secrets

from flask import Blueprint, jsonify
from sqlalchemy import delete, func, select

from ...db import get_db
from ...models import ResourceServer, Role, RolePermission, User, UserRole
from ..auth import requires
from ..errors import bad_body, conflict, not_found
from ..paging import (
    checkpoint,
    checkpoint_answer,
    offset_answer,
    offset_page,
    wants_checkpoint,
)
from ..serialize import role_json, user_json
from ..validation import Field, check_value, json_body, q_str
from .common import load_user, no_content
from .user_links import permission_json

bp = Blueprint("roles", __name__)

ROLE = {"name": Field("string", min_length=1, max_length=50),
        "description": Field("string", max_length=140), "type": Field("string"),
        "owner_id": Field("string")}
PERMISSION = {"resource_server_identifier": Field("string", min_length=1),
              "permission_name": Field("string", min_length=1)}


def load_role(role_id: str) -> Role:
    role = get_db().get(Role, role_id[:64])
    if role is None:
        raise not_found("The role does not exist.", "inexistent_role")
    return role


@bp.get("/roles")
@requires("read:roles")
def list_roles():
    paging = offset_page()
    query = select(Role)
    name_filter = q_str("name_filter", None, 200)
    if name_filter:
        query = query.where(func.lower(Role.name).contains(name_filter.lower(), autoescape=True))
    db = get_db()
    rows = db.scalars(query.order_by(Role.name).offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("roles", [role_json(r) for r in rows], total, paging, length=False))


@bp.post("/roles")
@requires("create:roles")
def create_role():
    body = json_body(ROLE, required=("name",))
    db = get_db()
    _unique_name(body["name"])
    role = Role(id=f"rol_{secrets.token_hex(8)}", name=body["name"],
                description=body.get("description", ""))
    db.add(role)
    db.commit()
    return jsonify(role_json(role))


def _unique_name(name: str, except_id: str | None = None) -> None:
    other = get_db().scalar(select(Role).where(Role.name == name))
    if other is not None and other.id != except_id:
        raise conflict("Role name already exists", "role_conflict")


@bp.get("/roles/<role_id>")
@requires("read:roles")
def get_role(role_id: str):
    return jsonify(role_json(load_role(role_id)))


@bp.patch("/roles/<role_id>")
@requires("update:roles")
def update_role(role_id: str):
    body = json_body({key: ROLE[key] for key in ("name", "description")})
    role = load_role(role_id)
    if "name" in body:
        _unique_name(body["name"], role.id)
        role.name = body["name"]
    if "description" in body:
        role.description = body["description"]
    get_db().commit()
    return jsonify(role_json(role))


@bp.delete("/roles/<role_id>")
@requires("delete:roles")
def delete_role(role_id: str):
    db = get_db()
    db.delete(load_role(role_id))
    db.commit()
    return no_content()


@bp.get("/roles/<role_id>/permissions")
@requires("read:roles")
def role_permissions(role_id: str):
    role = load_role(role_id)
    paging = offset_page()
    db = get_db()
    query = select(RolePermission, ResourceServer).outerjoin(
        ResourceServer, ResourceServer.identifier == RolePermission.resource_server_identifier
    ).where(RolePermission.role_id == role.id)
    rows = db.execute(query.order_by(RolePermission.resource_server_identifier,
                                     RolePermission.permission_name)
                      .offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(RolePermission)
                      .where(RolePermission.role_id == role.id))
    items = [{k: v for k, v in permission_json(p, s).items() if k != "sources"} for p, s in rows]
    return jsonify(offset_answer("permissions", items, total, paging, length=False))


def _permissions() -> list[tuple[str, str]]:
    """The body's permissions, each an existing scope of an existing API."""
    items = json_body({"permissions": Field("array")}, required=("permissions",))["permissions"]
    if not items:
        raise bad_body("'Array is too short (0), minimum 1' on property permissions.")
    wanted = []
    for i, item in enumerate(items):
        check_value(item, Field("object"), f"permissions[{i}]")
        for key, field in PERMISSION.items():
            if key not in item:
                raise bad_body(f"'Missing required property: {key}' on property permissions[{i}].")
            check_value(item[key], field, f"permissions[{i}].{key}")
        wanted.append((item["resource_server_identifier"], item["permission_name"]))
    servers = {s.identifier: s for s in get_db().scalars(
        select(ResourceServer).where(ResourceServer.identifier.in_([w[0] for w in wanted])))}
    for identifier, name in wanted:
        if identifier not in servers:
            raise not_found(f"Resource server not found: {identifier[:200]}", "inexistent_resource_server")
        if name not in servers[identifier].scopes:
            raise bad_body(f"'Permission {name[:100]} does not exist in resource server "
                           f"{identifier[:200]}'.")
    return list(dict.fromkeys(wanted))


@bp.post("/roles/<role_id>/permissions")
@requires("update:roles")
def add_permissions(role_id: str):
    role = load_role(role_id)
    db = get_db()
    have = {tuple(row) for row in db.execute(select(RolePermission.resource_server_identifier,
                                                   RolePermission.permission_name)
                                            .where(RolePermission.role_id == role.id))}
    for identifier, name in _permissions():
        if (identifier, name) not in have:
            db.add(RolePermission(role_id=role.id, resource_server_identifier=identifier,
                                  permission_name=name))
    db.commit()
    return "", 201


@bp.delete("/roles/<role_id>/permissions")
@requires("update:roles")
def remove_permissions(role_id: str):
    role = load_role(role_id)
    db = get_db()
    for identifier, name in _permissions():
        db.execute(delete(RolePermission).where(
            RolePermission.role_id == role.id, RolePermission.permission_name == name,
            RolePermission.resource_server_identifier == identifier))
    db.commit()
    return no_content()


@bp.get("/roles/<role_id>/users")
@requires("read:users", "read:role_members")
def role_users(role_id: str):
    role = load_role(role_id)
    db = get_db()
    query = select(User).join(UserRole, UserRole.user_id == User.user_id).where(
        UserRole.role_id == role.id)
    member = {"user_id", "email", "picture", "name"}
    as_json = lambda user: {k: v for k, v in user_json(user).items() if k in member}
    if wants_checkpoint():
        after, take = checkpoint()
        if after:
            query = query.where(User.user_id > after)
        rows = db.scalars(query.order_by(User.user_id).limit(take + 1)).all()
        return jsonify(checkpoint_answer("users", rows, take, as_json, lambda u: u.user_id))
    paging = offset_page()
    rows = db.scalars(query.order_by(User.user_id).offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("users", [as_json(u) for u in rows], total, paging, length=False))


@bp.post("/roles/<role_id>/users")
@requires("update:roles", "create:role_members")
def assign_users(role_id: str):
    role = load_role(role_id)
    ids = json_body({"users": Field("array", items="string")}, required=("users",))["users"]
    if not ids:
        raise bad_body("'Array is too short (0), minimum 1' on property users.")
    db = get_db()
    have = set(db.scalars(select(UserRole.user_id).where(UserRole.role_id == role.id)))
    for user_id in dict.fromkeys(ids):
        user = load_user(user_id)
        if user.user_id not in have:
            db.add(UserRole(user_id=user.user_id, role_id=role.id))
    db.commit()
    return "", 201
