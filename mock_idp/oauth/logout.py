"""OpenID Connect RP-initiated logout (``/oidc/logout``) on authlib's end-session endpoint."""

from __future__ import annotations

from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oidc.rpinitiated import EndSessionEndpoint
from flask import current_app

from .. import logs, sessions
from ..db import get_db
from ..domains import domains
from ..models import SsoSession, User


class EndSession(EndSessionEndpoint):
    def get_server_jwks(self):
        return current_app.extensions["mock_idp.keys"].jwks()

    def get_algorithms(self):
        return ["RS256"]

    def _validate_id_token_hint(self, id_token_hint):
        claims = super()._validate_id_token_hint(id_token_hint)
        if claims.get("iss") not in domains().all:  # any domain of this tenant
            raise InvalidRequestError("id_token_hint was not issued by this tenant")
        return claims

    def is_post_logout_redirect_uri_legitimate(self, request, uri, client, logout_hint):
        # Without an ID token hint the user confirms on our page first; then the
        # client's allow-list alone decides, as in Auth0.
        return bool(getattr(request, "confirmed", False))

    def end_session(self, end_session_request):
        claims = end_session_request.id_token_claims or {}
        end_browser_session(end_session_request.client, end_session_request.logout_hint,
                            claims.get("sub"))


def end_browser_session(client, logout_hint: str | None = None, hinted_sub: str | None = None):
    """End this browser's SSO session and, when ``logout_hint`` names another live session
    (``sid``) of the same user, that one too; log ``slo`` for each."""
    db = get_db()
    current = sessions.current(db)
    ending = [current] if current is not None else []
    owner = hinted_sub or (current.user_id if current else None)
    hinted = db.get(SsoSession, logout_hint) if logout_hint else None
    if hinted is not None and hinted not in ending and hinted.ended_at is None \
            and owner is not None and hinted.user_id == owner:
        ending.append(hinted)
    for sso in ending:
        sessions.end(sso)
    db.commit()
    row = getattr(client, "row", client)
    for sso in ending or [None]:
        user = db.get(User, sso.user_id) if sso else None
        logs.write("slo", client=row, user=user,
                   details={"session_ended": sso is not None, "sid": sso.id if sso else None})
