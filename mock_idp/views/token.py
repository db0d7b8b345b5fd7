"""``POST /oauth/token``: every grant through authlib; failures logged with Auth0's codes."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from observability.metrics import count_token

from .. import logs
from ..db import get_db
from ..models import Client
from ..oauth import get_server
from ..oauth.request import from_flask
from ..oauth.server import FAILED_EXCHANGE_LOG

bp = Blueprint("token", __name__)


@bp.post("/oauth/token")
def token():
    oauth_request = from_flask()
    grant_type = oauth_request.payload.data.get("grant_type")
    if not grant_type:
        response = jsonify(error="invalid_request",
                           error_description="Missing required parameter: grant_type")
        response.status_code = 400
        return response
    response = get_server().create_token_response(oauth_request)
    if response.status_code == 200:
        count_token(grant_type)
    if response.status_code >= 400 and grant_type in FAILED_EXCHANGE_LOG:
        _log_failure(FAILED_EXCHANGE_LOG[grant_type], oauth_request, response.get_json())
    return response


def _log_failure(event_type: str, oauth_request, body: dict) -> None:
    client_id = oauth_request.payload.client_id or (
        request.authorization.username if request.authorization else None)
    client = get_db().get(Client, client_id) if client_id else None
    logs.write(event_type, description=body.get("error_description"), client=client,
               audience=oauth_request.payload.data.get("audience"),
               details={"error": body.get("error"), **g.pop("mock_idp_log_details", {})})
