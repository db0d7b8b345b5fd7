"""``/api/v2/users``: search, create, read, update, delete; ``/api/v2/users-by-email``."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import and_, func, select, true

from ... import account_mail, logs
from ...db import get_db
from ...models import Client, User
from .. import user_search, users_service
from ..auth import caller, requires
from ..errors import ApiError, bad_query
from ..lucene import QueryError
from ..paging import fields_param, offset_answer, offset_page, project
from ..serialize import user_json
from ..validation import Field, json_body, q_str
from .common import dialect, load_user, no_content

bp = Blueprint("users", __name__)

TEXT = Field("string", min_length=1, max_length=300)
METADATA = Field("object")
COMMON = {
    "email": Field("string", format="email", max_length=320), "email_verified": Field("boolean"),
    "user_metadata": METADATA, "app_metadata": METADATA, "blocked": Field("boolean"),
    "given_name": TEXT, "family_name": TEXT, "name": TEXT, "nickname": TEXT,
    "picture": Field("string", min_length=1, max_length=500), "password": Field("string", min_length=1),
    "connection": Field("string", min_length=1, max_length=200), "verify_email": Field("boolean"),
    "username": TEXT, "phone_number": TEXT, "phone_verified": Field("boolean"),
}
CREATE = {**COMMON, "user_id": Field("string", min_length=1, max_length=150)}
UPDATE = {**COMMON, "client_id": Field("string"), "verify_phone_number": Field("boolean")}


@bp.get("/users")
@requires("read:users")
def list_users():
    paging = offset_page(capped=True)
    fields, include = fields_param()
    engine = q_str("search_engine", "v3")
    if engine not in ("v2", "v3"):
        raise bad_query(f"'No enum match for: {engine[:20]}' on property search_engine.")
    condition = _condition(q_str("q"), q_str("connection"))
    try:
        ordering = user_search.order_by(q_str("sort", None, 100))
    except QueryError as exc:
        raise bad_query(f"'{exc}' on property sort.") from None
    db = get_db()
    rows = db.scalars(select(User).where(condition).order_by(*ordering)
                      .offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(User).where(condition)) \
        if paging.include_totals else len(rows)
    users = [project(user_json(user), fields, include) for user in rows]
    return jsonify(offset_answer("users", users, total, paging))


def _condition(query: str | None, connection: str | None):
    conditions = []
    if query and query.strip():
        try:
            conditions.append(user_search.where(query, dialect()))
        except QueryError as exc:
            raise bad_query(f"'{exc}' on property q.") from None
    if connection:
        conditions.append(User.connection == connection)
    return and_(*conditions) if conditions else true()


@bp.post("/users")
@requires("create:users")
def create_user():
    body = json_body(CREATE, required=("connection",))
    db = get_db()
    user = users_service.create_user(db, body)
    if not user.email_verified and body.get("verify_email", True):
        send_verification(db, user, None)
    return jsonify(user_json(user)), 201


def send_verification(db, user: User, client_id: str | None) -> None:
    """Auth0 emails new database users a verification link unless told not to."""
    account_mail.send_verification(db, user, db.get(Client, client_id) if client_id else None)


@bp.get("/users/<user_id>")
@requires("read:users")
def get_user(user_id: str):
    fields, include = fields_param()
    return jsonify(project(user_json(load_user(user_id)), fields, include))


@bp.patch("/users/<user_id>")
@requires("update:users", "update:users_app_metadata")
def update_user(user_id: str):
    body = json_body(UPDATE)
    user = load_user(user_id)
    if set(body) - {"app_metadata"} and not caller().has("update:users"):
        raise ApiError(403, "Insufficient scope, expected any of: update:users", "insufficient_scope")
    user = users_service.update_user(get_db(), user, body)
    if "email" in body and not user.email_verified and body.get("verify_email", True):
        send_verification(get_db(), user, body.get("client_id"))
    return jsonify(user_json(user))


@bp.delete("/users/<user_id>")
@requires("delete:users")
def delete_user(user_id: str):
    db = get_db()
    user = load_user(user_id)
    db.delete(user)
    db.commit()
    logs.write("sdu", user=user, details={"user_id": user.user_id})
    return no_content()


@bp.get("/users-by-email")
@requires("read:users")
def users_by_email():
    email = q_str("email", None, 320)
    if not email:
        raise bad_query("'Missing required property: email'.")
    fields, include = fields_param()
    rows = get_db().scalars(select(User).where(User.email == email.lower()).order_by(User.user_id))
    return jsonify([project(user_json(user), fields, include) for user in rows])
