"""The ``event`` object of each trigger, shaped after Auth0's Actions reference.

Only what the mock knows is filled in: ``request.geoip`` is empty, ``organization`` is
there for organization logins only (whose ``authorization.roles`` are the member's
organization roles), and request bodies never carry a secret, a password or a token.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import organizations
from ..authz import split
from ..models import Client, Connection, Role, User, UserRole

HIDDEN_FIELDS = {"client_secret", "client_assertion", "code", "code_verifier", "password",
                 "refresh_token", "_csrf"}
PROFILE = ("email", "email_verified", "name", "nickname", "given_name", "family_name",
           "picture")


def iso(epoch: int | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, tz=UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def user(db: Session, row: User) -> dict:
    """``event.user``: the profile, metadata and identities of a stored user."""
    data = {name: getattr(row, name) for name in PROFILE if getattr(row, name) is not None}
    provider, _, raw_id = row.user_id.partition("|")
    data.update({
        "user_id": row.user_id, "user_metadata": dict(row.user_metadata or {}),
        "app_metadata": dict(row.app_metadata or {}),
        "identities": [{"connection": row.connection, "provider": provider, "user_id": raw_id,
                        "isSocial": False}],
        "created_at": iso(row.created_at), "updated_at": iso(row.updated_at),
        "multifactor": [],
    })
    return data


def client(row: Client) -> dict:
    return {"client_id": row.client_id, "name": row.name,
            "metadata": dict(row.config.get("client_metadata") or {})}


def connection(db: Session, name: str) -> dict:
    row = db.scalar(select(Connection).where(Connection.name == name))
    if row is None:
        return {"name": name, "strategy": "auth0", "metadata": {}}
    return {"id": row.id, "name": row.name, "strategy": row.strategy, "metadata": {}}


def tenant() -> dict:
    return {"id": current_app.config["TENANT_NAME"]}


def http_request(query: dict | None = None, body: dict | None = None) -> dict:
    """``event.request`` from the current HTTP request (empty outside one, e.g. the harness)."""
    if not has_request_context():
        return {"geoip": {}, "query": dict(query or {})}
    data = {"ip": request.remote_addr, "hostname": request.host, "method": request.method,
            "user_agent": request.user_agent.string or None, "geoip": {},
            "language": request.accept_languages.best or None,
            "query": _visible(query if query is not None else request.args.to_dict())}
    if body is not None:
        data["body"] = _visible(body)
    return {key: value for key, value in data.items() if value is not None}


def _visible(fields: dict) -> dict:
    return {key: value for key, value in fields.items() if key not in HIDDEN_FIELDS}


def roles(db: Session, user_id: str) -> list[str]:
    return sorted(db.scalars(select(Role.name).join(UserRole, UserRole.role_id == Role.id)
                             .where(UserRole.user_id == user_id)))


def post_login(db: Session, row: User, client_row: Client, params: dict, *, protocol: str,
               session_id: str | None, auth_time: int, body: dict | None = None,
               organization=None) -> dict:
    """The post-login event for a login at /authorize or a refresh-token exchange."""
    role_names = roles(db, row.user_id) if organization is None else [
        role.name for role in organizations.member_roles(db, organization.id, row.user_id)]
    event = {
        "user": user(db, row), "client": client(client_row),
        "connection": connection(db, row.connection), "tenant": tenant(),
        "request": http_request(params if protocol != "oauth2-refresh-token" else None, body),
        "transaction": _transaction(params, protocol),
        "authorization": {"roles": role_names},
        "authentication": {"methods": [{"name": "pwd", "timestamp": iso(auth_time)}]},
        "stats": {"logins_count": row.logins_count or 0},
    }
    if session_id:
        event["session"] = {"id": session_id}
    if organization is not None:
        event["organization"] = organizations.summary(organization)
    if params.get("audience"):
        event["resource_server"] = {"identifier": params["audience"]}
    return event


def _transaction(params: dict, protocol: str) -> dict:
    data = {
        "locale": "en", "protocol": protocol,
        "requested_scopes": split(params.get("scope")),
        "acr_values": split(params.get("acr_values")),
        "ui_locales": split(params.get("ui_locales")),
        "redirect_uri": params.get("redirect_uri"),
        "response_type": split(params.get("response_type")) or None,
        "response_mode": params.get("response_mode"),
        "state": params.get("state"), "login_hint": params.get("login_hint"),
        "prompt": split(params.get("prompt")) or None,
    }
    return {key: value for key, value in data.items() if value is not None}


def credentials_exchange(client_row: Client, audience: str, scopes: list[str],
                         body: dict | None, org=None) -> dict:
    """``event.organization`` only when the request named one (Organizations for M2M)."""
    event = {"client": client(client_row), "tenant": tenant(),
             "request": http_request(body=body),
             "resource_server": {"identifier": audience},
             "transaction": {"requested_scopes": list(scopes)}}
    if org is not None:
        event["organization"] = organizations.summary(org)
    return event


def pre_user_registration(db: Session, client_row: Client, connection_name: str, email: str,
                          body: dict | None) -> dict:
    return {"user": {"email": email, "user_metadata": {}, "app_metadata": {}},
            "client": client(client_row), "connection": connection(db, connection_name),
            "tenant": tenant(), "request": http_request(body=body),
            "transaction": {"locale": "en"}}


def post_user_registration(db: Session, client_row: Client | None, row: User) -> dict:
    event = {"user": user(db, row), "connection": connection(db, row.connection),
             "tenant": tenant(), "request": http_request()}
    if client_row is not None:
        event["client"] = client(client_row)
    return event


def post_change_password(db: Session, row: User) -> dict:
    return {"user": user(db, row), "connection": connection(db, row.connection),
            "tenant": tenant(), "request": http_request()}
