"""All OpenID Connect client wiring: one authlib ``OAuth`` registry per app, in app.extensions.

The client is configured from discovery only, so the same code talks to the offline mock and to
a real Auth0 tenant. PKCE S256, ``state`` and ``nonce`` are always on (authlib generates them and
keeps them in the server-side session); the ID token's signature (RS256 only), ``iss``, ``aud``,
``exp`` and ``nonce`` are checked before anyone is logged in.

Plain-HTTP identity providers: authlib's client side never refuses an ``http://`` token endpoint
(only its server side checks transport), so no ``AUTHLIB_INSECURE_TRANSPORT`` is set here; the
browser-facing risk of plain HTTP is handled by the cookie flags (``Secure`` on https apps).
"""

from __future__ import annotations

from urllib.parse import urlencode

from authlib.integrations.flask_client import FlaskOAuth2App, OAuth
from flask import current_app

CLIENT_NAME = "auth0"
EXTENSION_KEY = "authlib.integrations.flask_client"  # where OAuth(app) stores itself
ID_TOKEN_ALGORITHMS = ["RS256"]
HTTP_TIMEOUT = 10  # seconds for discovery, JWKS and token calls


class Auth0App(FlaskOAuth2App):
    """authlib's Flask client with the ID-token algorithm pinned, whatever discovery says."""

    def load_server_metadata(self):
        metadata = super().load_server_metadata()
        metadata["id_token_signing_alg_values_supported"] = ID_TOKEN_ALGORITHMS
        return metadata


def init_app(app) -> None:
    """Register this app's tenant client on a fresh ``OAuth`` registry."""
    config = app.config
    if "openid" not in config["AUTH0_SCOPE"].split():
        raise RuntimeError("AUTH0_SCOPE must include 'openid': the nonce check depends on it")
    oauth = OAuth(app)
    oauth.register(
        CLIENT_NAME,
        client_cls=Auth0App,
        client_id=config["AUTH0_CLIENT_ID"],
        client_secret=config["AUTH0_CLIENT_SECRET"],
        server_metadata_url=config["AUTH0_BASE_URL"] + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": config["AUTH0_SCOPE"],
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": config["AUTH0_TOKEN_AUTH_METHOD"],
            "default_timeout": HTTP_TIMEOUT,
        },
    )


def client() -> Auth0App:
    return current_app.extensions[EXTENSION_KEY].create_client(CLIENT_NAME)


def begin_login(redirect_uri: str, **params):
    """Redirect to ``/authorize``; state, nonce and the PKCE verifier go to the session."""
    return client().authorize_redirect(redirect_uri, **params)


def complete_login() -> dict:
    """Exchange the callback's code and return the tokens with verified claims in ``userinfo``."""
    config = current_app.config
    # Built per call: authlib consumes parts of the options it is given.
    claims_options = {
        "iss": {"essential": True, "value": config["AUTH0_ISSUER"]},
        "aud": {"essential": True, "value": config["AUTH0_CLIENT_ID"]},
        "exp": {"essential": True},
    }
    token = client().authorize_access_token(claims_options=claims_options, leeway=60)
    if not token.get("userinfo"):
        raise MissingIdToken("the token response carried no ID token")
    return token


def refresh(refresh_token: str) -> dict:
    """Trade a refresh token for new tokens (the rotated refresh token included, if any)."""
    # scope=None: keep the scopes of the original grant instead of re-sending the login's.
    return client().fetch_access_token(
        grant_type="refresh_token", refresh_token=refresh_token, scope=None)


def end_session_url(id_token: str | None, post_logout_redirect_uri: str) -> str:
    """RP-initiated logout at the tenant's ``end_session_endpoint`` (Auth0: ``/oidc/logout``)."""
    metadata = client().load_server_metadata()
    endpoint = metadata.get("end_session_endpoint") or (
        current_app.config["AUTH0_BASE_URL"] + "/oidc/logout")
    params = {"post_logout_redirect_uri": post_logout_redirect_uri,
              "client_id": current_app.config["AUTH0_CLIENT_ID"]}
    if id_token:
        params = {"id_token_hint": id_token, **params}
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def legacy_logout_url(return_to: str) -> str:
    """Auth0's own ``/v2/logout``: ``client_id`` selects whose allowed logout URLs apply."""
    params = {"client_id": current_app.config["AUTH0_CLIENT_ID"], "returnTo": return_to}
    return f"{current_app.config['AUTH0_BASE_URL']}/v2/logout?{urlencode(params)}"


class MissingIdToken(Exception):
    """The token endpoint answered without an ID token, so nobody can be logged in."""
