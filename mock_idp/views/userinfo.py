"""``/userinfo``: the profile behind an access token (a JWT whose audience includes this
endpoint, or an opaque token issued without an API audience)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from .. import tokens
from ..clock import now
from ..db import get_db
from ..domains import domains
from ..models import OpaqueAccessToken, User

bp = Blueprint("userinfo", __name__)


class Unauthorized(Exception):
    pass


@bp.route("/userinfo", methods=["GET", "POST"])
def userinfo():
    try:
        user_id, scope = _token_subject(_bearer())
        user = get_db().get(User, user_id)
        if user is None or user.blocked:
            raise Unauthorized("The user is unknown or blocked")
    except Unauthorized as exc:
        response = jsonify(error="invalid_token", error_description=str(exc))
        response.status_code = 401
        response.headers["WWW-Authenticate"] = f'Bearer error="invalid_token", error_description="{exc}"'
        return response
    return jsonify({"sub": user.user_id, **tokens.user_claims(user, scope.split())})


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthorized("Missing bearer token")
    return value.strip()


def _token_subject(token: str) -> tuple[str, str]:
    if token.count(".") == 2:
        return _jwt_subject(token)
    row = get_db().get(OpaqueAccessToken, tokens.digest(token))
    if row is None or row.revoked_at is not None or row.expires_at < now():
        raise Unauthorized("Invalid or expired access token")
    return row.user_id, row.scope


def _jwt_subject(token: str) -> tuple[str, str]:
    keys = KeySet.import_key_set(current_app.extensions["mock_idp.keys"].jwks())
    try:
        claims = jwt.decode(token, keys, algorithms=["RS256"]).claims
    except (JoseError, ValueError) as exc:
        raise Unauthorized("Invalid access token") from exc
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    # Any domain of the tenant may have minted it; its audience names that domain's /userinfo.
    issuer = claims.get("iss")
    if issuer not in domains().all or f"{issuer}userinfo" not in audiences:
        raise Unauthorized("The access token is not valid for /userinfo")
    if not isinstance(claims.get("exp"), int) or claims["exp"] < now():
        raise Unauthorized("The access token has expired")
    return claims["sub"], claims.get("scope", "")
