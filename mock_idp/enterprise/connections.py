"""Which enterprise connections a login may use, and home realm discovery by email domain.

A connection counts when it is enabled for the application and, in an organization login,
enabled on that organization too. Discovery compares the email's domain with each
connection's ``domain_aliases`` exactly (ASCII, case-insensitive, nothing trimmed): a
look-alike (``acme.test.evil.example``, ``evilacme.test``, a trailing dot, a Cyrillic letter)
never matches, and an address with more than one ``@`` has no domain at all.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from .. import organizations
from ..db import get_db
from ..models import Connection

STRATEGIES = ("oidc",)


def _enabled(client_id: str) -> list[Connection]:
    rows = get_db().scalars(select(Connection).where(Connection.strategy.in_(STRATEGIES))
                            .order_by(Connection.name))
    return [row for row in rows if client_id in (row.enabled_clients or [])]


def for_request(auth) -> list[Connection]:
    """The enterprise connections of this login, in the organization's order when there is one."""
    enabled = {row.name: row for row in _enabled(auth.client.client_id)}
    ref = auth.params.get("organization")
    org = organizations.find(get_db(), ref) if ref else None
    if org is None:
        return list(enabled.values())
    names = organizations.enabled_connection_names(get_db(), org.id)
    return [enabled[name] for name in names if name in enabled]


def requested(auth) -> Connection | None:
    """The enterprise connection ``connection=`` names, when this login may use it."""
    name = auth.params.get("connection")
    if not name:
        return None
    return next((row for row in for_request(auth) if row.name == name), None)


def is_enabled(client_id: str, name: str) -> bool:
    """Whether ``name`` is an enterprise connection enabled for the application."""
    return any(row.name == name for row in _enabled(client_id))


def email_domain(email: str) -> str | None:
    """The domain of a plain ``local@domain`` address, lowercased; None for anything else."""
    local, at, domain = email.strip().partition("@")
    if not at or not local or not domain or "@" in domain or not domain.isascii():
        return None
    return domain.lower()


def discover(auth, email: str) -> Connection | None:
    """Home realm discovery: the connection whose ``domain_aliases`` hold the email's domain."""
    domain = email_domain(email)
    if domain is None:
        return None
    for row in for_request(auth):
        aliases = [alias.lower() for alias in (row.options or {}).get("domain_aliases") or []]
        if domain in aliases:
            return row
    return None


def display_name(connection: Connection) -> str:
    """The name on the login button: the files' ``display_name``, else the connection name."""
    spec = current_app.extensions["mock_idp.tenant"]
    declared = {item["name"]: item for item in spec.section("connections")}
    return declared.get(connection.name, {}).get("display_name") or connection.name


def buttons(auth) -> list[dict]:
    """Enterprise connections the login page offers as buttons (``show_as_button`` in an
    organization login; every enabled one otherwise)."""
    rows = for_request(auth)
    ref = auth.params.get("organization")
    org = organizations.find(get_db(), ref) if ref else None
    if org is not None:
        rows = [row for row in rows if getattr(organizations.enabled_connection(
            get_db(), org.id, row.name), "show_as_button", True)]
    return [{"name": row.name, "display_name": display_name(row)} for row in rows]
