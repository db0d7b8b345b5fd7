"""Organization members and their organization roles; ``/api/v2/users/{id}/organizations``."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import func, select

from ... import organizations
from ...db import get_db
from ...models import Organization, OrganizationMember, Role, User
from ..auth import requires
from ..errors import bad_body, not_found
from ..paging import (
    checkpoint,
    checkpoint_answer,
    fields_param,
    offset_answer,
    offset_page,
    project,
    wants_checkpoint,
)
from ..serialize import organization_json, role_json, user_json
from ..validation import Field, json_body
from .common import load_user, no_content, now
from .organizations import load_org

bp = Blueprint("organization_members", __name__)

MAX_PER_REQUEST = 10
MEMBER_FIELDS = ("user_id", "email", "picture", "name")


def _ids(key: str) -> list[str]:
    """The body's list of ids (``members`` or ``roles``): 1 to 10 of them."""
    ids = json_body({key: Field("array", items="string")}, required=(key,))[key]
    if not ids:
        raise bad_body(f"'Array is too short (0), minimum 1' on property {key}.")
    if len(ids) > MAX_PER_REQUEST:
        raise bad_body(f"'Array is too long ({len(ids)}), maximum {MAX_PER_REQUEST}' "
                       f"on property {key}.")
    return list(dict.fromkeys(ids))


def _member_json(org: Organization, user: User, with_roles: bool) -> dict:
    data = {key: value for key, value in user_json(user).items() if key in MEMBER_FIELDS}
    if with_roles:
        data["roles"] = [{"id": r.id, "name": r.name}
                         for r in organizations.member_roles(get_db(), org.id, user.user_id)]
    return data


@bp.get("/organizations/<org_id>/members")
@requires("read:organization_members")
def list_members(org_id: str):
    org = load_org(org_id)
    fields, include = fields_param()
    with_roles = bool(fields and include and "roles" in fields)
    as_json = lambda user: project(_member_json(org, user, with_roles), fields, include)
    db = get_db()
    query = select(User).join(OrganizationMember, OrganizationMember.user_id == User.user_id
                              ).where(OrganizationMember.organization_id == org.id)
    if wants_checkpoint():
        after, take = checkpoint()
        if after:
            query = query.where(User.user_id > after)
        rows = db.scalars(query.order_by(User.user_id).limit(take + 1)).all()
        return jsonify(checkpoint_answer("members", rows, take, as_json, lambda u: u.user_id))
    paging = offset_page()
    rows = db.scalars(query.order_by(User.user_id).offset(paging.offset)
                      .limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("members", [as_json(u) for u in rows], total, paging,
                                 length=False))


@bp.post("/organizations/<org_id>/members")
@requires("create:organization_members")
def add_members(org_id: str):
    org = load_org(org_id)
    db = get_db()
    users = [load_user(user_id) for user_id in _ids("members")]
    for user in users:
        organizations.add_member(db, org.id, user.user_id, now())
    db.commit()
    return no_content()


@bp.delete("/organizations/<org_id>/members")
@requires("delete:organization_members")
def remove_members(org_id: str):
    """Removing a member also drops the roles they held in the organization."""
    org = load_org(org_id)
    db = get_db()
    for user_id in _ids("members"):
        organizations.remove_member(db, org.id, user_id)
    db.commit()
    return no_content()


def _member(org_id: str, user_id: str) -> tuple[Organization, User]:
    org = load_org(org_id)
    user = load_user(user_id)
    if not organizations.is_member(get_db(), org.id, user.user_id):
        raise not_found("The user is not a member of the organization", "inexistent_member")
    return org, user


@bp.get("/organizations/<org_id>/members/<user_id>/roles")
@requires("read:organization_member_roles")
def member_roles(org_id: str, user_id: str):
    org, user = _member(org_id, user_id)
    paging = offset_page()
    roles = organizations.member_roles(get_db(), org.id, user.user_id)
    page = roles[paging.offset:paging.offset + paging.per_page]
    return jsonify(offset_answer("roles", [role_json(r) for r in page], len(roles), paging,
                                 length=False))


def _roles() -> list[str]:
    ids = _ids("roles")
    found = set(get_db().scalars(select(Role.id).where(Role.id.in_(ids))))
    for role_id in ids:
        if role_id not in found:
            raise not_found(f"Role {role_id[:64]} does not exist", "inexistent_role")
    return ids


@bp.post("/organizations/<org_id>/members/<user_id>/roles")
@requires("create:organization_member_roles")
def assign_member_roles(org_id: str, user_id: str):
    org, user = _member(org_id, user_id)
    organizations.grant_roles(get_db(), org.id, user.user_id, _roles())
    get_db().commit()
    return no_content()


@bp.delete("/organizations/<org_id>/members/<user_id>/roles")
@requires("delete:organization_member_roles")
def remove_member_roles(org_id: str, user_id: str):
    org, user = _member(org_id, user_id)
    organizations.revoke_roles(get_db(), org.id, user.user_id, _roles())
    get_db().commit()
    return no_content()


@bp.get("/users/<user_id>/organizations")
@requires("read:organizations")
def user_organizations(user_id: str):
    user = load_user(user_id)
    paging = offset_page()
    orgs = organizations.user_organizations(get_db(), user.user_id)
    page = orgs[paging.offset:paging.offset + paging.per_page]
    return jsonify(offset_answer("organizations", [organization_json(o) for o in page],
                                 len(orgs), paging, length=False))
