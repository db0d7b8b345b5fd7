"""Authentication API for database connections: ``POST /dbconnections/signup`` and
``POST /dbconnections/change_password`` (JSON or form bodies, Auth0's answers).

Sign-up outcomes use Auth0's ``{name, code, description, statusCode}`` bodies (an existing
email is the generic ``invalid_signup``); parameter problems use the ``bad.<field>`` errors
of Auth0's Authentication API. A password-change request answers the same sentence whether
or not the email belongs to a user.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from .. import password_reset
from ..db import get_db
from ..models import Client, Connection
from ..signup import SignupDenied, SignupRefused, register

bp = Blueprint("dbconnections", __name__, url_prefix="/dbconnections")
RESET_SENT = "We've just sent you an email to reset your password."
PROFILE = ("given_name", "family_name", "name", "nickname", "picture", "username")
METADATA_LIMITS = (10, 100, 500)  # properties, name length, value length (Auth0's)


class BadParameter(Exception):
    def __init__(self, field: str, description: str):
        super().__init__(description)
        self.field, self.description = field, description


@bp.errorhandler(BadParameter)
def bad_parameter(exc: BadParameter):
    return jsonify(error=f"bad.{exc.field}", error_description=exc.description), 400


def _body() -> dict:
    body = request.get_json(silent=True) if request.is_json else request.form.to_dict()
    if not isinstance(body, dict):
        raise BadParameter("request", "The body must be a JSON object or a form")
    return body


def _text(body: dict, field: str, required: bool = True, limit: int = 1000) -> str | None:
    value = body.get(field)
    if value is None or value == "":
        if required:
            raise BadParameter(field, f"Missing required property: {field}")
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise BadParameter(field, f"Invalid property: {field}")
    return value


def _connection(body: dict, client: Client | None) -> Connection:
    name = _text(body, "connection", limit=200)
    connection = get_db().query(Connection).filter_by(name=name).first()
    if connection is None or connection.strategy != "auth0":
        raise BadParameter("connection", "Connection does not exist")
    if client is not None and client.client_id not in (connection.enabled_clients or []):
        raise BadParameter("connection", "Connection is disabled")
    return connection


def _client(body: dict, required: bool) -> Client | None:
    client_id = _text(body, "client_id", required=required, limit=64)
    client = get_db().get(Client, client_id) if client_id else None
    if client_id and client is None:
        raise BadParameter("client_id", "Unknown client")
    return client


def _metadata(body: dict) -> dict:
    value = body.get("user_metadata") or {}
    count, name_limit, value_limit = METADATA_LIMITS
    if not isinstance(value, dict) or len(value) > count or any(
            len(k) > name_limit or not isinstance(v, str) or len(v) > value_limit
            for k, v in value.items()):
        raise BadParameter("user_metadata", f"user_metadata must be an object of at most {count} "
                           f"string properties ({name_limit}-character names, {value_limit}-"
                           "character values)")
    return value


def _signup_error(code: str, description, status: int = 400, name: str = "BadRequestError"):
    return jsonify(name=name, code=code, description=description, statusCode=status), status


@bp.post("/signup")
def signup():
    body = _body()
    client = _client(body, required=True)
    connection = _connection(body, client)
    email, password = _text(body, "email", limit=320), _text(body, "password", limit=1000)
    profile = {key: _text(body, key, required=False, limit=300) for key in PROFILE}
    profile["user_metadata"] = _metadata(body)
    visible = {k: v for k, v in body.items() if k != "password"}
    try:
        user = register(get_db(), client, connection, email, password,
                        profile={k: v for k, v in profile.items() if v}, body=visible)
    except SignupRefused as refused:
        if refused.policy is not None:
            return jsonify(refused.policy.api_body()), 400
        return _signup_error(refused.code, refused.description, refused.status)
    except SignupDenied as denied:
        return _signup_error("extensibility_error", denied.message, name="ExtensibilityError")
    answer = {"_id": user.user_id.split("|", 1)[1], "email_verified": user.email_verified,
              "email": user.email}
    for key in ("given_name", "family_name", "name", "nickname", "picture"):
        if profile.get(key):
            answer[key] = getattr(user, key)
    if user.user_metadata:
        answer["user_metadata"] = user.user_metadata
    return jsonify(answer), 200


@bp.post("/change_password")
def change_password():
    body = _body()
    client = _client(body, required=False)
    email = _text(body, "email", limit=320)
    connection = _connection(body, client)
    password_reset.request_reset(get_db(), client, connection, email)
    return RESET_SENT, 200, {"Content-Type": "text/html; charset=utf-8"}
