"""OpenID Connect RP-initiated logout (``/oidc/logout``) on authlib's end-session endpoint."""

from __future__ import annotations

from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oidc.rpinitiated import EndSessionEndpoint
from flask import current_app

from .. import logs, sessions
from ..db import get_db
from ..models import User


class EndSession(EndSessionEndpoint):
    def get_server_jwks(self):
        return current_app.extensions["mock_idp.keys"].jwks()

    def get_algorithms(self):
        return ["RS256"]

    def _validate_id_token_hint(self, id_token_hint):
        claims = super()._validate_id_token_hint(id_token_hint)
        if claims.get("iss") != current_app.config["ISSUER"]:
            raise InvalidRequestError("id_token_hint was not issued by this tenant")
        return claims

    def is_post_logout_redirect_uri_legitimate(self, request, uri, client, logout_hint):
        # Without an ID token hint the user confirms on our page first; then the
        # client's allow-list alone decides, as in Auth0.
        return bool(getattr(request, "confirmed", False))

    def end_session(self, end_session_request):
        end_browser_session(end_session_request.client)


def end_browser_session(client) -> None:
    """End this browser's SSO session (if any) and log ``slo``."""
    db = get_db()
    sso = sessions.current(db)
    user = db.get(User, sso.user_id) if sso else None
    if sso is not None:
        sessions.end(sso)
        db.commit()
    logs.write("slo", client=getattr(client, "row", client), user=user,
               details={"session_ended": sso is not None})
