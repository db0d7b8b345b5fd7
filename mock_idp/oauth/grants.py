"""authlib grants as thin adapters over the tenant database, answering like Auth0."""

from __future__ import annotations

import secrets
from typing import ClassVar

from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import (
    AccessDeniedError,
    InvalidGrantError,
    InvalidRequestError,
    OAuth2Error,
)
from authlib.oauth2.rfc7636 import CodeChallenge
from flask import current_app, g
from sqlalchemy import update

from .. import authz, logs, organizations, tokens
from ..actions import hooks, post_login
from ..clock import now
from ..db import get_db
from ..issuance import UserGrant, issue, organization_claims, rotation_enabled
from ..models import AuthorizationCode, Client, Organization, RefreshToken, User
from . import m2m_organizations
from .revocation import revoke_family, revoke_grant

ALL_METHODS = ["client_secret_basic", "client_secret_post", "none"]


class StrictCodeChallenge(CodeChallenge):
    """PKCE: S256 only; required from public clients at /authorize and at /oauth/token."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if grant.request.client.is_public and not data.get("code_challenge"):
            raise InvalidRequestError("code_challenge is required for a public client (PKCE)")
        if data.get("code_challenge") and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256")
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant, result):
        try:
            super().validate_code_verifier(grant, result)
        except InvalidGrantError:
            raise InvalidGrantError("Failed to verify code verifier") from None


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS
    issued_code: str | None = None

    def generate_authorization_code(self):
        self.issued_code = super().generate_authorization_code()
        return self.issued_code

    def save_authorization_code(self, code, request):
        login = request.login
        data = request.payload.data
        db = get_db()
        db.add(AuthorizationCode(
            code_hash=tokens.digest(code), client_id=request.client.client_id,
            user_id=login.user.user_id, redirect_uri=data.get("redirect_uri") or "",
            scope=request.scope or "", audience=data.get("audience") or None,
            nonce=data.get("nonce"), code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
            session_id=login.session_id, auth_time=login.auth_time, created_at=now(),
            expires_at=now() + int(current_app.config["CODE_TTL"]), grant_id=secrets.token_hex(16),
            action_effects=getattr(request, "action_effects", None) or {},
            organization_id=getattr(request, "organization_id", None),
        ))
        db.commit()

    def query_authorization_code(self, code, client):
        row = get_db().get(AuthorizationCode, tokens.digest(code))
        if row is None or row.client_id != client.client_id:
            raise InvalidGrantError("Invalid authorization code")
        if row.used_at is not None:
            _code_replayed(row)
        if row.expires_at < now():
            raise InvalidGrantError("Invalid authorization code")
        return row

    def authenticate_user(self, authorization_code):
        return get_db().get(User, authorization_code.user_id)

    def create_token_response(self):
        code = self.request.authorization_code
        db = get_db()
        claimed = db.execute(
            update(AuthorizationCode)
            .where(AuthorizationCode.code_hash == code.code_hash, AuthorizationCode.used_at.is_(None))
            .values(used_at=now())
        ).rowcount
        db.commit()
        if not claimed:  # another request redeemed it between our read and this write
            _code_replayed(code)
        user = _active_user(code.user_id)
        grant = UserGrant(client=self.request.client.row, user=user, scope=code.scope,
                          audience=code.audience, session_id=code.session_id,
                          auth_time=code.auth_time, grant_id=code.grant_id, nonce=code.nonce,
                          effects=code.action_effects, organization_id=code.organization_id)
        token = issue(db, grant, now())
        db.commit()
        logs.write("seacft", client=grant.client, user=user, audience=code.audience,
                   scope=token["scope"])
        return 200, token, self.TOKEN_RESPONSE_HEADER


def _code_replayed(row: AuthorizationCode):
    """RFC 6749 §4.1.2: a reused code revokes everything issued from it."""
    revoke_grant(get_db(), row.grant_id, "authorization code reused")
    raise InvalidGrantError("Invalid authorization code")


def _active_user(user_id: str) -> User:
    user = get_db().get(User, user_id)
    if user is None:
        raise InvalidGrantError("The user no longer exists")
    if user.blocked:  # Auth0 answers 403 invalid_grant "user is blocked"
        raise InvalidGrantError("user is blocked")
    return user


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def _validate_request_token(self, client):
        try:
            return super()._validate_request_token(client)
        except InvalidGrantError:
            raise InvalidGrantError("Unknown or invalid refresh token.") from None

    def authenticate_refresh_token(self, refresh_token):
        db = get_db()
        row = db.get(RefreshToken, tokens.digest(refresh_token))
        if row is None or row.revoked_at is not None:
            return None
        if row.rotated_at is not None:
            revoke_family(db, row.family_id, "refresh token reused")
            logs.write("ferrt", client=_client(row.client_id), user=db.get(User, row.user_id),
                       details={"family_revoked": True})
            return None
        current = now()
        if (row.expires_at and row.expires_at < current) or (
                row.idle_expires_at and row.idle_expires_at < current):
            return None
        return row

    def authenticate_user(self, refresh_token):
        return _active_user(refresh_token.user_id)

    def create_token_response(self):
        row = self.request.refresh_token
        client = self.request.client.row
        user = self.authenticate_user(row)
        db = get_db()
        scope = self.request.payload.scope or row.scope
        rotating = rotation_enabled(client)
        org = _refresh_organization(row, user)
        result = post_login.for_refresh(
            client, user, scope=scope, audience=row.audience, session_id=row.session_id,
            auth_time=row.auth_time, body=self.request.payload.data, organization=org)
        _refuse_unless_issued(result.kind == "issue", result.details, "access_denied",
                              result.description, 403)
        grant = UserGrant(client=client, user=user, scope=scope, audience=row.audience,
                          session_id=row.session_id, auth_time=row.auth_time,
                          grant_id=row.grant_id, family_id=row.family_id,
                          new_refresh_token=rotating, effects=result.effects,
                          organization_id=row.organization_id)
        token = issue(db, grant, now())
        if rotating:
            row.rotated_at = now()
        row.idle_expires_at = _renewed_idle_expiry(client, row.idle_expires_at)
        db.commit()
        logs.write("sertft", client=client, user=user, audience=row.audience, scope=token["scope"],
                   details=result.details or None)
        return 200, token, self.TOKEN_RESPONSE_HEADER


def _refresh_organization(row: RefreshToken, user: User) -> Organization | None:
    """A refresh token keeps its organization, while the user is still a member of it."""
    if row.organization_id is None:
        return None
    org = get_db().get(Organization, row.organization_id)
    if org is None or not organizations.is_member(get_db(), org.id, user.user_id):
        raise InvalidGrantError("The user is no longer a member of the organization")
    return org


def _refuse_unless_issued(issued: bool, details: dict, error: str, description: str | None,
                          status: int) -> None:
    """An Action refused the exchange: answer like Auth0, keep its run for the log."""
    if issued:
        return
    g.mock_idp_log_details = details
    refusal = OAuth2Error(description=description, error=error)
    refusal.auth0_status = status
    raise refusal


def _client(client_id: str) -> Client | None:
    return get_db().get(Client, client_id)


def _renewed_idle_expiry(client: Client, current: int | None) -> int | None:
    """Using a refresh token restarts its idle lifetime."""
    if current is None:
        return None
    settings = client.config.get("refresh_token") or {}
    return now() + int(settings.get("idle_token_lifetime", 1296000))


def _denied(description: str) -> AccessDeniedError:
    """``access_denied`` with Auth0's wording, which quotes the audience: authlib refuses
    quotes (and any echoed non-ASCII) in a description given to the constructor."""
    error = AccessDeniedError()
    error.description = description
    return error


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = ["client_secret_basic", "client_secret_post"]

    def validate_token_request(self):
        super().validate_token_request()
        db = get_db()
        audience = self.request.payload.data.get("audience")
        if not audience:
            raise AccessDeniedError(
                "No audience parameter was provided, and no default audience has been configured")
        server = authz.resource_server(db, audience)
        if server is None:
            raise _denied(f"Service not found: {audience}")
        grant = authz.client_grant(db, self.request.client.client_id, audience)
        if grant is None:
            raise _denied(f'Client is not authorized to access "{audience}". '
                          "A client grant for this API is needed.")
        requested = authz.split(self.request.payload.scope)
        missing = [scope for scope in requested if scope not in grant.scope]
        if missing:
            raise AccessDeniedError(f"Client has not been granted scopes: {', '.join(missing)}")
        org = m2m_organizations.resolve(grant, self.request.payload)
        self.request.granted = (server, requested or list(grant.scope), org)

    def create_token_response(self):
        server, scopes, org = self.request.granted
        client = self.request.client.row
        scope = " ".join(scopes)
        dialect_has_permissions = server.enforce_policies and server.token_dialect in authz.AUTHZ_DIALECTS
        exchange = hooks.credentials_exchange(client, server.identifier, scopes,
                                              self.request.payload.data, organization=org)
        if exchange.error:
            _refuse_unless_issued(False, exchange.details, *exchange.error)
        access_token = tokens.access_token(
            sub=f"{client.client_id}@clients", client_id=client.client_id,
            audience=server.identifier, scope=scope, now=now(), lifetime=server.token_lifetime,
            permissions=scopes if dialect_has_permissions else None,
            extra={**exchange.claims, "gty": "client-credentials"},
            standard=organization_claims(get_db(), org.id if org else None))
        token = {"access_token": access_token, "scope": scope,
                 "expires_in": server.token_lifetime, "token_type": "Bearer"}
        logs.write("seccft", client=client, audience=server.identifier, scope=scope,
                   user_name=f"{client.client_id}@clients", details=exchange.details or None,
                   organization=org)
        return 200, token, self.TOKEN_RESPONSE_HEADER
