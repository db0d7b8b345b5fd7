"""``POST /api/v2/tickets/password-change`` and ``/tickets/email-verification``."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import select

from ...db import get_db
from ...models import Client, Connection, User
from .. import tickets
from ..auth import requires
from ..errors import bad_body, not_found
from ..validation import Field, json_body
from .common import load_user

bp = Blueprint("tickets", __name__)

TTL = Field("integer", minimum=0, maximum=2592000)
COMMON = {"result_url": Field("string", max_length=2000), "user_id": Field("string", min_length=1),
          "client_id": Field("string", min_length=1), "organization_id": Field("string"),
          "ttl_sec": TTL, "includeEmailInRedirect": Field("boolean"), "identity": Field("object")}
PASSWORD_CHANGE = {**COMMON, "connection_id": Field("string", min_length=1),
                   "email": Field("string", format="email"), "mark_email_as_verified": Field("boolean")}


def _client(body: dict) -> str | None:
    client_id = body.get("client_id")
    if client_id and get_db().get(Client, client_id[:64]) is None:
        raise not_found("The client does not exist", "inexistent_client")
    if client_id and "result_url" in body:
        raise bad_body("'The result_url and client_id parameters are mutually exclusive'.")
    return client_id


@bp.post("/tickets/password-change")
@requires("create:user_tickets")
def password_change():
    body = json_body(PASSWORD_CHANGE)
    user = _ticket_user(body)
    url = tickets.issue(get_db(), tickets.PASSWORD_CHANGE, user, ttl=body.get("ttl_sec") or None,
                        client_id=_client(body), result_url=body.get("result_url"),
                        options={"mark_email_as_verified": bool(body.get("mark_email_as_verified")),
                                 "includeEmailInRedirect": bool(body.get("includeEmailInRedirect"))})
    return jsonify(ticket=url), 201


def _ticket_user(body: dict) -> User:
    """The user named by ``user_id``, or by ``email`` and ``connection_id``."""
    if "user_id" in body:
        return load_user(body["user_id"])
    if "email" not in body or "connection_id" not in body:
        raise bad_body("'Missing required property: user_id' (or email with connection_id).")
    db = get_db()
    connection = db.get(Connection, body["connection_id"][:64])
    if connection is None:
        raise not_found("The connection does not exist", "inexistent_connection")
    user = db.scalar(select(User).where(User.connection == connection.name,
                                        User.email == body["email"].lower()))
    if user is None:
        raise not_found("The user does not exist.", "inexistent_user")
    return user


@bp.post("/tickets/email-verification")
@requires("create:user_tickets")
def email_verification():
    body = json_body(COMMON, required=("user_id",))
    user = load_user(body["user_id"])
    url = tickets.issue(get_db(), tickets.EMAIL_VERIFICATION, user, ttl=body.get("ttl_sec") or None,
                        client_id=_client(body), result_url=body.get("result_url"),
                        options={"includeEmailInRedirect": bool(body.get("includeEmailInRedirect"))})
    return jsonify(ticket=url), 201
