"""An /authorize request from validation to the answer the client receives.

Errors found before the client and its ``redirect_uri`` are verified become an error
page (never a redirect to an unverified URL); later errors go back to the client
with ``error``, ``error_description`` and ``state``, as Auth0 does.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from authlib.common.urls import add_params_to_uri
from authlib.oauth2.base import invalid_error_characters
from authlib.oauth2.rfc6749.errors import OAuth2Error
from flask import current_app, redirect, render_template, url_for
from werkzeug.datastructures import MultiDict

from . import authz, invitations, logs, org_login, organizations, sessions
from .actions import post_login
from .clock import now
from .db import get_db
from .domains import current_issuer
from .enterprise import connections as enterprise_connections
from .errors import PageError
from .models import Connection, Transaction
from .oauth import get_server
from .oauth.clients import OAuthClient
from .oauth.request import from_stored
from .sessions import Login

SINGLE_VALUED = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                 "audience", "code_challenge", "code_challenge_method", "prompt", "max_age",
                 "response_mode", "connection", "screen_hint", "login_hint", "organization",
                 "invitation")
PROMPTS = {"none", "login", "consent", "select_account"}
RESPONSE_MODES = {"query", "form_post"}


@dataclass
class Authorization:
    """A validated /authorize request."""

    client: OAuthClient
    redirect_uri: str
    params: dict
    response_mode: str

    @property
    def prompt(self) -> str | None:
        return self.params.get("prompt")

    @property
    def max_age(self) -> int | None:
        value = self.params.get("max_age")
        return int(value) if value is not None else None


class ClientError(Exception):
    """An error sent back to the client's verified redirect URI."""

    def __init__(self, auth: Authorization, error: str, description: str):
        super().__init__(description)
        self.auth, self.error, self.description = auth, error, description


def validate(args: MultiDict) -> Authorization:
    """Check an /authorize request; raise ``PageError`` or ``ClientError``."""
    for name in SINGLE_VALUED:
        if len(args.getlist(name)) > 1:
            raise PageError("invalid_request", f"Parameter {name} was sent more than once")
    params = {key: args.get(key) for key in args}
    client = get_server().query_client(params.get("client_id"))
    if client is None:
        missing = not params.get("client_id")
        raise PageError("invalid_request", "Missing required parameter: client_id" if missing
                        else f"Unknown client: {params['client_id']}")
    redirect_uri = params.get("redirect_uri") or client.get_default_redirect_uri()
    if not redirect_uri or not client.check_redirect_uri(redirect_uri):
        raise PageError("unauthorized_client", f"Callback URL mismatch. {redirect_uri or '(none)'} "
                        "is not in the list of allowed callback URLs of this application.")
    mode = params.get("response_mode") or "query"
    auth = Authorization(client, redirect_uri, params, mode if mode in RESPONSE_MODES else "query")
    if mode not in RESPONSE_MODES:
        raise ClientError(auth, "invalid_request", f"Unsupported response_mode: {mode}")
    if invalid_error_characters(params.get("response_type") or ""):
        # authlib quotes the value in its error text and refuses to build that error when
        # the value holds a quote, a backslash or non-ASCII: answer for it.
        raise ClientError(auth, "unsupported_response_type", "Unsupported response_type")
    try:
        get_server().get_consent_grant(request=from_stored(_endpoint(), params), end_user=None)
    except OAuth2Error as exc:
        raise ClientError(auth, exc.error, exc.description or exc.error) from None
    _check_auth0_parameters(auth)
    return auth


def _check_auth0_parameters(auth: Authorization) -> None:
    params = auth.params
    if params.get("prompt") and params["prompt"] not in PROMPTS:
        raise ClientError(auth, "invalid_request", f"Unsupported prompt: {params['prompt']}")
    max_age = params.get("max_age")
    if max_age is not None and (not max_age.isdigit() or len(max_age) > 9):
        raise ClientError(auth, "invalid_request", "max_age must be a non-negative integer")
    audience = params.get("audience")
    if audience and authz.resource_server(get_db(), audience) is None:
        raise ClientError(auth, "access_denied", f"Service not found: {audience}")
    invitations.check_request(auth, ClientError)  # may set the invitation's connection
    if params.get("connection") and database_connection(auth.client, params["connection"]) is None \
            and not enterprise_connections.is_enabled(auth.client.client_id, params["connection"]):
        raise ClientError(auth, "invalid_request",
                          f"The connection {params['connection']} is not enabled for this application")
    if database_connection(auth.client) is None:
        raise ClientError(auth, "invalid_request", "No connection is enabled for this application")
    org = org_login.check_request(auth, ClientError)
    if org is not None and connection_for(auth) is None \
            and not enterprise_connections.for_request(auth):
        raise ClientError(auth, "access_denied",
                          "no connection of the organization is enabled for this application")


def connection_for(auth: Authorization) -> Connection | None:
    """The database connection of a login: the client's (``database_connection``), limited
    to the organization's enabled connections, in the organization's order, in an
    organization login (``connection`` picks another of them)."""
    ref = auth.params.get("organization")
    org = organizations.find(get_db(), ref) if ref else None
    if org is None:
        return database_connection(auth.client, auth.params.get("connection"))
    allowed = organizations.enabled_connection_names(get_db(), org.id)
    names = [auth.params["connection"]] if auth.params.get("connection") else allowed
    for name in names:
        connection = database_connection(auth.client, name)
        if connection is not None and name in allowed:
            return connection
    return None


def database_connection(client: OAuthClient, name: str | None = None) -> Connection | None:
    """The database connection a client logs users in with: ``name`` (the ``connection``
    parameter) picks one; without it, the first enabled one in the tenant files' order.
    Universal Login shows one database form and Auth0 does not document which of several
    it picks, so an app with more than one passes ``connection`` (docs/migration.md)."""
    enabled = [connection for connection in get_db().query(Connection).order_by(Connection.name)
               if client.client_id in (connection.enabled_clients or [])
               and name in (None, connection.name) and connection.strategy == "auth0"]
    declared = [db["name"] for db in current_app.extensions["mock_idp.tenant"].section("databases")]
    enabled.sort(key=lambda c: declared.index(c.name) if c.name in declared else len(declared))
    return enabled[0] if enabled else None


def needs_login(auth: Authorization, authenticated_at: int | None) -> bool:
    """Whether the SSO session (authenticated at that time, or None) is not enough."""
    if authenticated_at is None or auth.prompt == "login":
        return True
    return auth.max_age is not None and now() - authenticated_at > auth.max_age


def begin_transaction(auth: Authorization, device: str) -> Transaction:
    """Park the request while the user authenticates on a Universal Login page."""
    stamp = now()
    txn = Transaction(id=secrets.token_urlsafe(24), client_id=auth.client.client_id,
                      params=auth.params, device_id=device, created_at=stamp,
                      expires_at=stamp + int(current_app.config["TRANSACTION_TTL"]))
    db = get_db()
    db.add(txn)
    db.commit()
    return txn


def issue_code(auth: Authorization, login: Login, *, log_type: str = "s",
               log_details: dict | None = None):
    """Admit ``login`` to the organization asked for (or let the user pick one), run the
    post-login Actions, then answer the client: a code, the Action's redirect, or
    ``access_denied`` with the reason."""
    if org_login.wants_picker(auth):
        return _organization_picker(auth, login)
    org = org_login.admit(auth, login.user, ClientError)
    result = post_login.for_authorization(auth.params, auth.client.row, login,
                                          silent=auth.prompt == "none", log_details=log_details,
                                          organization=org)
    return complete(auth, login, result, log_type=log_type, log_details=log_details,
                    organization=org)


def _organization_picker(auth: Authorization, login: Login):
    """``post_login_prompt``: park the request and show the user's organizations."""
    if not org_login.member_organizations(login.user):
        logs.write("f", description=org_login.NO_MEMBERSHIP, client=auth.client.row,
                   user=login.user)
        raise ClientError(auth, "access_denied", org_login.NO_MEMBERSHIP)
    if auth.prompt == "none":
        raise ClientError(auth, "interaction_required", "The user must pick an organization")
    device = sessions.new_device_id()
    txn = begin_transaction(auth, device)
    txn.pending_login = {"user_id": login.user.user_id, "session_id": login.session_id}
    get_db().commit()
    response = current_app.make_response(redirect(url_for("organization.picker", state=txn.id)))
    sessions.ensure_device(response, device)
    return response


def complete(auth: Authorization, login: Login, result: post_login.LoginResult, *,
             log_type: str = "s", log_details: dict | None = None, organization=None):
    """Answer the client once post-login is over (at once, or after ``/continue``)."""
    details = {**(log_details or {}), **result.details}
    failed = "fsa" if log_type == "ssa" else "f"
    if result.kind == "redirect" and auth.prompt == "none":
        logs.write(failed, description="An Action needs to interact with the user",
                   client=auth.client.row, user=login.user, details=details)
        raise ClientError(auth, "interaction_required", "An Action needs to interact with the user")
    if result.kind == "redirect":
        return redirect(result.location)
    if result.kind != "issue":
        logs.write(failed, description=result.description, client=auth.client.row,
                   user=login.user, details=details)
        raise ClientError(auth, "access_denied", result.description)
    if organization is None and auth.params.get("organization"):  # resumed at /continue
        organization = org_login.admit(auth, login.user, ClientError)
    if organization is not None:
        details["organization"] = {"id": organization.id, "name": organization.name}
    logs.write(log_type, client=auth.client.row, user=login.user, details=details or None,
               organization=organization)
    return _code_response(auth, login, result.effects, organization)


def _code_response(auth: Authorization, login: Login, effects: dict, organization=None):
    request = from_stored(_endpoint(), auth.params)
    request.login = login
    request.action_effects = effects
    request.organization_id = organization.id if organization is not None else None
    grant = get_server().get_consent_grant(request=request, end_user=login.user)
    grant.create_authorization_response(grant.redirect_uri, login.user)
    answer = {"code": grant.issued_code}
    if auth.params.get("state"):
        answer["state"] = auth.params["state"]
    return respond(auth, answer)


def respond(auth: Authorization, answer: dict):
    """Deliver ``answer`` to the client by query string or by an auto-submitted form."""
    if auth.response_mode == "form_post":
        return render_template("form_post.html", action=auth.redirect_uri, fields=answer)
    return redirect(add_params_to_uri(auth.redirect_uri, answer))


def client_error_response(exc: ClientError):
    answer = {"error": exc.error, "error_description": exc.description}
    if exc.auth.params.get("state"):
        answer["state"] = exc.auth.params["state"]
    return respond(exc.auth, answer)


def _endpoint() -> str:
    return current_issuer() + "authorize"


def init_app(app) -> None:
    app.register_error_handler(ClientError, client_error_response)
