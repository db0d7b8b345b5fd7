"""A fresh authlib ``AuthorizationServer`` per app, answering errors the way Auth0 does."""

from __future__ import annotations

import os

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.errors import AccessDeniedError, InvalidClientError
from flask import Response, current_app, json

from ..db import get_db
from ..models import Client
from . import request as oauth_request
from .clients import OAuthClient
from .grants import (
    AuthorizationCodeGrant,
    ClientCredentialsGrant,
    RefreshTokenGrant,
    StrictCodeChallenge,
)
from .logout import EndSession

# Auth0 answers token-endpoint errors with these statuses rather than RFC 6749's 400.
STATUS = {
    "invalid_request": 400,
    "invalid_client": 401,
    "invalid_grant": 403,
    "unauthorized_client": 403,
    "access_denied": 403,
    "unsupported_grant_type": 403,
    "invalid_scope": 403,
}
FAILED_EXCHANGE_LOG = {
    "authorization_code": "feacft",
    "client_credentials": "feccft",
    "refresh_token": "fertft",
}


class TenantAuthorizationServer(AuthorizationServer):
    def query_client(self, client_id):
        if not client_id:
            return None
        row = get_db().get(Client, client_id)
        return OAuthClient(row) if row is not None else None

    def save_token(self, token, request):
        """Tokens are persisted by the grants themselves (see ``issuance``)."""

    def create_oauth2_request(self, request):
        if isinstance(request, OAuth2Request):
            return request
        return oauth_request.from_flask()

    def authenticate_client(self, request, methods, endpoint="token"):
        """Auth0's answers: no credentials at all → ``invalid_client``; an unknown client or a
        wrong secret → 401 ``access_denied`` "Unauthorized"."""
        try:
            return super().authenticate_client(request, methods, endpoint)
        except InvalidClientError:
            if request.payload.client_id or request.headers.get("Authorization"):
                error = AccessDeniedError("Unauthorized")
                error.auth0_status = 401
                raise error from None
            raise InvalidClientError(description="Client authentication is required") from None

    def handle_error_response(self, request, error):
        status = getattr(error, "auth0_status", None) or STATUS.get(error.error, error.status_code or 400)
        body = {"error": error.error, "error_description": error.description or error.error}
        headers = [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
                   ("Pragma", "no-cache")]
        if status == 401:
            headers.append(("WWW-Authenticate", 'Basic realm="oauth"'))
        return Response(json.dumps(body), status=status, headers=headers)


def init_app(app) -> None:
    if app.config["ISSUER"].startswith("http://"):
        # The mock serves plain HTTP on loopback by design (DESIGN §2.7); authlib refuses
        # non-TLS endpoints unless told otherwise.
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    server = TenantAuthorizationServer()
    server.register_grant(AuthorizationCodeGrant, [StrictCodeChallenge(required=True)])
    server.register_grant(RefreshTokenGrant)
    server.register_grant(ClientCredentialsGrant)
    server.register_endpoint(EndSession)
    app.extensions["mock_idp.oauth"] = server


def get_server() -> TenantAuthorizationServer:
    return current_app.extensions["mock_idp.oauth"]
