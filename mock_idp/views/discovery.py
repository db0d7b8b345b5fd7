"""Discovery document, JWKS, Auth0's ``/testall`` health check and local avatars."""

from __future__ import annotations

import hashlib
import re

from flask import Blueprint, Response, current_app, jsonify

from ..domains import current_issuer

bp = Blueprint("discovery", __name__)

CLAIMS = ["aud", "auth_time", "email", "email_verified", "exp", "family_name", "given_name",
          "iat", "iss", "name", "nickname", "nonce", "picture", "sid", "sub", "updated_at"]


@bp.get("/.well-known/openid-configuration")
def openid_configuration():
    issuer = current_issuer()  # each domain of the tenant describes itself
    return jsonify({
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}authorize",
        "token_endpoint": f"{issuer}oauth/token",
        "userinfo_endpoint": f"{issuer}userinfo",
        "jwks_uri": f"{issuer}.well-known/jwks.json",
        "end_session_endpoint": f"{issuer}oidc/logout",
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "form_post"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "code_challenge_methods_supported": ["S256"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "claims_supported": CLAIMS,
        "request_uri_parameter_supported": False,
        "request_parameter_supported": False,
    })


@bp.get("/.well-known/jwks.json")
def jwks():
    return jsonify(current_app.extensions["mock_idp.keys"].jwks())


@bp.get("/testall")
def testall():
    return Response("OK", mimetype="text/plain")


@bp.get("/avatars/<initials>.svg")
def avatar(initials: str):
    """A coloured circle with the user's initials; nothing is fetched from the internet."""
    text = re.sub(r"[^a-z0-9]", "", initials.lower())[:2].upper() or "?"
    hue = int(hashlib.sha256(text.encode()).hexdigest()[:4], 16) % 360
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">'
           f'<circle cx="48" cy="48" r="48" fill="hsl({hue},55%,42%)"/>'
           f'<text x="48" y="60" font-family="sans-serif" font-size="36" fill="#fff" '
           f'text-anchor="middle">{text}</text></svg>')
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
