"""``/api/v2/organizations/{id}/invitations``: create, list, read, delete.

An invitation names who invites whom, through which application (whose login route,
``initiate_login_uri``, the ``invitation_url`` points at), optionally which connection,
and the organization roles the invitee receives. It expires after ``ttl_sec`` seconds
(default 7 days, at most 30). With ``send_invitation_email`` (on unless false) the tenant
emails the ``user_invitation`` template with that URL. Accepting it at /authorize is
``mock_idp/invitations.py``; an accepted invitation is no longer listed or found here.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, jsonify
from sqlalchemy import func, literal_column, select

from ...db import get_db
from ...mail import send_template
from ...models import Client, Connection, OrganizationConnection, OrganizationInvitation, Role
from ..auth import requires
from ..errors import bad_body, bad_query, not_found
from ..paging import fields_param, offset_answer, offset_page, project
from ..serialize import invitation_json
from ..validation import Field, check_value, json_body, q_str
from .common import no_content, now
from .organizations import load_org

bp = Blueprint("organization_invitations", __name__)

DEFAULT_TTL = 7 * 86400
MAX_TTL = 30 * 86400
CREATE = {"inviter": Field("object"), "invitee": Field("object"),
          "client_id": Field("string", min_length=1, max_length=64),
          "connection_id": Field("string", min_length=1, max_length=64),
          "ttl_sec": Field("integer", minimum=0, maximum=MAX_TTL),
          "roles": Field("array", items="string"), "send_invitation_email": Field("boolean"),
          "app_metadata": Field("object"), "user_metadata": Field("object")}


def _person(body: dict, key: str, field: str, spec: Field) -> str:
    value = body[key]
    if field not in value:
        raise bad_body(f"'Missing required property: {field}' on property {key}.")
    extra = [name for name in value if name != field]
    if extra:
        raise bad_body(f"'Additional properties not allowed: {','.join(extra)}' on property {key}.")
    check_value(value[field], spec, f"{key}.{field}")
    return value[field]


def _client(client_id: str) -> Client:
    client = get_db().get(Client, client_id)
    if client is None:
        raise not_found("The client does not exist", "inexistent_client")
    if not (client.config or {}).get("initiate_login_uri"):
        raise bad_body("'The client must have an Application Login URI (initiate_login_uri) "
                       "to send invitations' on property client_id.")
    return client


def _connection(org_id: str, connection_id: str | None) -> str | None:
    if connection_id is None:
        return None
    db = get_db()
    if db.get(Connection, connection_id) is None:
        raise not_found("The connection does not exist", "inexistent_connection")
    if db.get(OrganizationConnection, (org_id, connection_id)) is None:
        raise bad_body("'The connection is not enabled for this organization' "
                       "on property connection_id.")
    return connection_id


def _roles(ids: list[str]) -> list[str]:
    ids = list(dict.fromkeys(ids))
    found = set(get_db().scalars(select(Role.id).where(Role.id.in_(ids)))) if ids else set()
    for role_id in ids:
        if role_id not in found:
            raise not_found(f"Role {role_id[:64]} does not exist", "inexistent_role")
    return ids


@bp.post("/organizations/<org_id>/invitations")
@requires("create:organization_invitations")
def create_invitation(org_id: str):
    org = load_org(org_id)
    body = json_body(CREATE, required=("inviter", "invitee", "client_id"))
    inviter = _person(body, "inviter", "name", Field("string", min_length=1, max_length=300))
    email = _person(body, "invitee", "email", Field("string", format="email", max_length=320))
    client = _client(body["client_id"])
    ttl = body.get("ttl_sec") or DEFAULT_TTL  # 0 means the default, as in Auth0
    stamp = now()
    invitation = OrganizationInvitation(
        id=f"uinv_{secrets.token_urlsafe(12)}", organization_id=org.id,
        ticket_id=secrets.token_urlsafe(24), inviter_name=inviter, invitee_email=email.lower(),
        client_id=client.client_id, connection_id=_connection(org.id, body.get("connection_id")),
        roles=_roles(body.get("roles") or []), app_metadata=body.get("app_metadata") or {},
        user_metadata=body.get("user_metadata") or {}, created_at=stamp, expires_at=stamp + ttl)
    db = get_db()
    db.add(invitation)
    db.commit()
    answer = invitation_json(invitation, org, client)
    if body.get("send_invitation_email", True):
        _send_email(answer, org, client)
    return jsonify(answer), 201


def _send_email(invitation: dict, org, client: Client) -> None:
    """The ``user_invitation`` email with Auth0's variables; a failed delivery is an ``fn``
    event, not a failed call (the invitation exists and its URL is in the answer)."""
    branding = dict(org.branding or {})
    send_template("user_invitation", invitation["invitee"]["email"], {
        "url": invitation["invitation_url"], "inviter": dict(invitation["inviter"]),
        "user": {"email": invitation["invitee"]["email"]}, "application": client,
        "organization": {"id": org.id, "name": org.name,
                         "display_name": org.display_name or org.name,
                         "branding": {"logo_url": branding.get("logo_url", ""),
                                      "colors": dict(branding.get("colors") or {})},
                         "metadata": dict(org.org_metadata or {})}})


@bp.get("/organizations/<org_id>/invitations")
@requires("read:organization_invitations")
def list_invitations(org_id: str):
    org = load_org(org_id)
    paging = offset_page()
    fields, include = fields_param()
    sort = q_str("sort", "created_at:-1", 40)
    if sort not in ("created_at:1", "created_at:-1"):
        raise bad_query(f"'No enum match for: {sort}' on property sort.")
    column = OrganizationInvitation.created_at
    db = get_db()
    query = select(OrganizationInvitation).where(
        OrganizationInvitation.organization_id == org.id,
        OrganizationInvitation.accepted_at.is_(None))
    # created_at has whole seconds: SQLite's rowid (insertion order) breaks ties the same way.
    rowid = literal_column("organization_invitations.rowid")
    order = (column.asc(), rowid.asc()) if sort.endswith(":1") else (column.desc(), rowid.desc())
    rows = db.scalars(query.order_by(*order).offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    items = [project(invitation_json(row, org, db.get(Client, row.client_id)), fields, include)
             for row in rows]
    return jsonify(offset_answer("invitations", items, total, paging, length=False))


def _load(org_id: str, invitation_id: str):
    """The invitation, only when it belongs to this organization."""
    org = load_org(org_id)
    invitation = get_db().get(OrganizationInvitation, invitation_id[:64])
    if (invitation is None or invitation.organization_id != org.id
            or invitation.accepted_at is not None):
        raise not_found("The invitation does not exist", "inexistent_invitation")
    return org, invitation


@bp.get("/organizations/<org_id>/invitations/<invitation_id>")
@requires("read:organization_invitations")
def get_invitation(org_id: str, invitation_id: str):
    org, invitation = _load(org_id, invitation_id)
    fields, include = fields_param()
    client = get_db().get(Client, invitation.client_id)
    return jsonify(project(invitation_json(invitation, org, client), fields, include))


@bp.delete("/organizations/<org_id>/invitations/<invitation_id>")
@requires("delete:organization_invitations")
def delete_invitation(org_id: str, invitation_id: str):
    _, invitation = _load(org_id, invitation_id)
    db = get_db()
    db.delete(invitation)
    db.commit()
    return no_content()
