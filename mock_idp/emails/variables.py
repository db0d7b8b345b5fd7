"""The Liquid context of a tenant email: Auth0's common variables around the caller's own.

Callers pass what they have (``url``, a ``User`` row or dict as ``user``, a ``Client`` row
or dict as ``application``, a connection name); the rest is filled in from the tenant.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from ..models import Client, User

USER_FIELDS = ("user_id", "email", "email_verified", "name", "nickname", "given_name",
               "family_name", "picture", "user_metadata", "app_metadata")


def user_variables(user) -> dict:
    """The ``user`` object of Auth0's templates (dicts pass through, rows are projected)."""
    if isinstance(user, dict):
        return dict(user)
    data = {key: getattr(user, key, None) for key in USER_FIELDS}
    data["user_metadata"] = dict(data["user_metadata"] or {})
    data["app_metadata"] = dict(data["app_metadata"] or {})
    return {key: value for key, value in data.items() if value is not None}


def application_variables(client, fallback_name: str) -> dict:
    """``application.name``, ``clientID``, ``metadata`` and ``callback_domain``."""
    if isinstance(client, dict):
        return dict(client)
    if client is None:  # Auth0 names a default app after the tenant when none is involved
        return {"name": fallback_name, "clientID": "", "metadata": {}}
    callbacks = list(getattr(client, "callbacks", None) or [])
    first = urlsplit(callbacks[0]) if callbacks else None
    return {"name": client.name, "clientID": client.client_id,
            "metadata": dict((getattr(client, "config", None) or {}).get("client_metadata") or {}),
            "callback_domain": f"{first.scheme}://{first.netloc}" if first else ""}


def build_context(db, tenant_name: str, settings: dict, to: str, variables: dict) -> dict:
    """Everything a template may use; values the caller gave win over derived ones."""
    given = dict(variables)
    user = given.pop("user", None)
    if user is None:
        user = db.scalar(select(User).where(User.email == to.strip().lower()).limit(1))
    client = given.pop("application", None) or given.pop("client", None)
    if isinstance(client, str):
        client = db.get(Client, client)
    user_data = user_variables(user) if user is not None else {"email": to}
    connection = given.pop("connection", None) or getattr(user, "connection", None)
    if isinstance(user, dict):
        connection = connection or user.get("connection")
    friendly = settings.get("friendly_name") or tenant_name
    return {
        "tenant": tenant_name, "friendly_name": friendly,
        "support_email": settings.get("support_email", ""),
        "support_url": settings.get("support_url", ""),
        "user": user_data, "application": application_variables(client, friendly),
        "connection": connection if isinstance(connection, dict) else {"name": connection or ""},
        **given,
    }


def json_safe(context: dict) -> dict:
    """What the in-database outbox keeps of the variables (no ORM rows)."""
    return {key: value for key, value in context.items()
            if isinstance(value, (str, int, float, bool, dict, list, type(None)))}
