"""``/api/v2/organizations/{id}/client-grants``: which client grants may be used for an
organization in the client-credentials exchange (Organizations for M2M access)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import func, select

from ...db import get_db
from ...models import ClientGrant, OrganizationClientGrant
from ..auth import requires
from ..errors import conflict
from ..paging import offset_answer, offset_page
from ..serialize import grant_json
from ..validation import Field, json_body, q_str
from .client_grants import load_grant
from .common import no_content
from .organizations import load_org

bp = Blueprint("organization_client_grants", __name__)

ASSOCIATE = {"grant_id": Field("string", min_length=1, max_length=64)}


@bp.get("/organizations/<org_id>/client-grants")
@requires("read:organization_client_grants")
def list_org_grants(org_id: str):
    """The grants associated with the organization, filtered by ``audience``/``client_id``."""
    org = load_org(org_id)
    query = select(ClientGrant).join(
        OrganizationClientGrant, OrganizationClientGrant.grant_id == ClientGrant.id
    ).where(OrganizationClientGrant.organization_id == org.id)
    for name, column in (("audience", ClientGrant.audience), ("client_id", ClientGrant.client_id)):
        value = q_str(name, None, 300)
        if value:
            query = query.where(column == value)
    grant_ids = q_str("grant_ids", None, 2000)
    if grant_ids:
        query = query.where(ClientGrant.id.in_([g for g in grant_ids.split(",") if g]))
    db = get_db()
    paging = offset_page()
    rows = db.scalars(query.order_by(ClientGrant.id).offset(paging.offset)
                      .limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    return jsonify(offset_answer("client_grants", [grant_json(g) for g in rows], total, paging,
                                 length=False))


@bp.post("/organizations/<org_id>/client-grants")
@requires("create:organization_client_grants")
def associate_grant(org_id: str):
    """Let the grant's client ask for tokens for this organization."""
    grant_id = json_body(ASSOCIATE, required=("grant_id",))["grant_id"]
    org = load_org(org_id)
    grant = load_grant(grant_id)
    db = get_db()
    if db.get(OrganizationClientGrant, (org.id, grant.id)) is not None:
        raise conflict("The client grant is already associated with the organization",
                       "client_grant_conflict")
    db.add(OrganizationClientGrant(organization_id=org.id, grant_id=grant.id))
    db.commit()
    return jsonify(grant_json(grant)), 201


@bp.delete("/organizations/<org_id>/client-grants/<grant_id>")
@requires("delete:organization_client_grants")
def dissociate_grant(org_id: str, grant_id: str):
    """Revoke the association; tokens already issued stay valid until they expire."""
    org = load_org(org_id)
    db = get_db()
    row = db.get(OrganizationClientGrant, (org.id, grant_id[:64]))
    if row is not None:
        db.delete(row)
        db.commit()
    return no_content()
