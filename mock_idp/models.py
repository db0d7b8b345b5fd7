"""Tenant state: configuration deployed from the tenant files, users, and runtime artefacts.

Times are integer epoch seconds from the tenant clock (see ``clock.py``), so tests can
move time without touching the machine's clock.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict] = {dict[str, Any]: JSON, list[Any]: JSON}


# -- configuration, replaced on every start from the tenant files ---------------------


class Client(Base):
    __tablename__ = "clients"
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    client_secret: Mapped[str] = mapped_column(String(128))
    app_type: Mapped[str] = mapped_column(String(32))
    token_endpoint_auth_method: Mapped[str] = mapped_column(String(32))
    grant_types: Mapped[list[Any]] = mapped_column(default=list)
    callbacks: Mapped[list[Any]] = mapped_column(default=list)
    allowed_logout_urls: Mapped[list[Any]] = mapped_column(default=list)
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ResourceServer(Base):
    __tablename__ = "resource_servers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    identifier: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    enforce_policies: Mapped[bool] = mapped_column(Boolean, default=False)
    token_dialect: Mapped[str] = mapped_column(String(40), default="access_token")
    token_lifetime: Mapped[int] = mapped_column(Integer, default=86400)
    allow_offline_access: Mapped[bool] = mapped_column(Boolean, default=False)
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ClientGrant(Base):
    __tablename__ = "client_grants"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.client_id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(300))
    scope: Mapped[list[Any]] = mapped_column(default=list)


class Role(Base):
    __tablename__ = "roles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class RolePermission(Base):
    __tablename__ = "role_permissions"
    role_id: Mapped[str] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    resource_server_identifier: Mapped[str] = mapped_column(String(300), primary_key=True)
    permission_name: Mapped[str] = mapped_column(String(200), primary_key=True)


class Connection(Base):
    __tablename__ = "connections"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    strategy: Mapped[str] = mapped_column(String(40))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    enabled_clients: Mapped[list[Any]] = mapped_column(default=list)


# -- users ------------------------------------------------------------------------------


class User(Base):
    __tablename__ = "users"
    user_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    connection: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(300))
    given_name: Mapped[str | None] = mapped_column(String(150))
    family_name: Mapped[str | None] = mapped_column(String(150))
    nickname: Mapped[str | None] = mapped_column(String(150))
    picture: Mapped[str | None] = mapped_column(String(500))
    user_metadata: Mapped[dict[str, Any]] = mapped_column(default=dict)
    app_metadata: Mapped[dict[str, Any]] = mapped_column(default=dict)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[int] = mapped_column(Integer)
    last_login: Mapped[int | None] = mapped_column(Integer)
    last_ip: Mapped[str | None] = mapped_column(String(64))
    logins_count: Mapped[int] = mapped_column(Integer, default=0)


class UserRole(Base):
    __tablename__ = "user_roles"
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.user_id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[str] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)


# -- keys, sessions, codes, tokens ------------------------------------------------------------


class SigningKey(Base):
    __tablename__ = "signing_keys"
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # current | next | previous | revoked
    created_at: Mapped[int] = mapped_column(Integer)
    current_since: Mapped[int | None] = mapped_column(Integer)
    current_until: Mapped[int | None] = mapped_column(Integer)
    revoked_at: Mapped[int | None] = mapped_column(Integer)


class Transaction(Base):
    """An /authorize request waiting for the user to authenticate on a Universal Login page."""

    __tablename__ = "transactions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    device_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(Integer)
    completed_at: Mapped[int | None] = mapped_column(Integer)


class SsoSession(Base):
    __tablename__ = "sso_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the `sid` claim
    # The cookie carries a separate secret: `sid` reaches apps in ID tokens, so it must
    # not be enough to hijack the session.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"))
    device_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[int] = mapped_column(Integer)
    authenticated_at: Mapped[int] = mapped_column(Integer)
    last_seen_at: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(Integer)
    idle_expires_at: Mapped[int] = mapped_column(Integer)
    ended_at: Mapped[int | None] = mapped_column(Integer)
    clients: Mapped[list[Any]] = mapped_column(default=list)


class AuthorizationCode(Base):
    __tablename__ = "authorization_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str | None] = mapped_column(String(300))
    nonce: Mapped[str | None] = mapped_column(Text)
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(16))
    session_id: Mapped[str | None] = mapped_column(String(64))
    auth_time: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(Integer)
    used_at: Mapped[int | None] = mapped_column(Integer)
    grant_id: Mapped[str] = mapped_column(String(64))  # ties every token issued from this code
    # What the post-login Actions asked for (custom claims, scopes), applied at issuance.
    action_effects: Mapped[dict[str, Any]] = mapped_column(default=dict)

    # authlib's AuthorizationCodeMixin
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


class ActionContinuation(Base):
    """A login paused by an Action's ``api.redirect.sendUserTo``, resumed at ``/continue``."""

    __tablename__ = "action_continuations"
    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"))
    session_id: Mapped[str] = mapped_column(String(64))  # the SSO session that must come back
    auth_time: Mapped[int] = mapped_column(Integer)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the /authorize request
    progress: Mapped[dict[str, Any]] = mapped_column(default=dict)  # where and what so far
    created_at: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(Integer)
    used_at: Mapped[int | None] = mapped_column(Integer)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[str] = mapped_column(String(64), index=True)
    grant_id: Mapped[str] = mapped_column(String(64), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str | None] = mapped_column(String(300))
    session_id: Mapped[str | None] = mapped_column(String(64))
    auth_time: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int | None] = mapped_column(Integer)
    idle_expires_at: Mapped[int | None] = mapped_column(Integer)
    rotated_at: Mapped[int | None] = mapped_column(Integer)
    revoked_at: Mapped[int | None] = mapped_column(Integer)

    # authlib's TokenMixin, as far as the refresh grant uses it
    def check_client(self, client) -> bool:
        return self.client_id == client.get_client_id()

    def get_scope(self) -> str:
        return self.scope


class OpaqueAccessToken(Base):
    """Access tokens issued without an API audience: only good for /userinfo."""

    __tablename__ = "opaque_access_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    grant_id: Mapped[str] = mapped_column(String(64), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[int] = mapped_column(Integer)
    revoked_at: Mapped[int | None] = mapped_column(Integer)


class RevokedGrant(Base):
    """A grant (one code exchange and its descendants) revoked, e.g. after a code replay."""

    __tablename__ = "revoked_grants"
    grant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    revoked_at: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))


class LogEvent(Base):
    __tablename__ = "logs"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    log_id: Mapped[str] = mapped_column(String(64), unique=True)
    date: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(16), index=True)
    user_id: Mapped[str | None] = mapped_column(String(200), index=True)
    client_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


# -- Management API: tickets, jobs, mail outbox, brute-force blocks -----------------------


class Ticket(Base):
    """A password-change or email-verification ticket; only its digest is stored."""

    __tablename__ = "tickets"
    ticket_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # password-change | email-verification
    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str | None] = mapped_column(String(64))
    result_url: Mapped[str | None] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(Integer)
    used_at: Mapped[int | None] = mapped_column(Integer)


class Job(Base):
    """An asynchronous Management API job (users import, verification email)."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # pending | processing | completed | failed
    connection_id: Mapped[str | None] = mapped_column(String(64))
    connection: Mapped[str | None] = mapped_column(String(200))
    external_id: Mapped[str | None] = mapped_column(String(200))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    payload: Mapped[str | None] = mapped_column(Text)  # the uploaded users file, dropped when done
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    errors: Mapped[list[Any]] = mapped_column(default=list)
    status_details: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[int] = mapped_column(Integer)


class OutboxMessage(Base):
    """An email the tenant sent, kept for the control plane (the default mailer)."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    to: Mapped[str] = mapped_column(String(320), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    template: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[int] = mapped_column(Integer)


class UserBlock(Base):
    """A brute-force block of an identifier (optionally from one IP) on a connection."""

    __tablename__ = "user_blocks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    identifier: Mapped[str] = mapped_column(String(320), index=True)
    ip: Mapped[str | None] = mapped_column(String(64))
    connection: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[int] = mapped_column(Integer)
