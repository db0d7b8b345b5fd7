"""What the console asks of the tenant, each a Management API call through auth0-python.

The one exception is the password-reset email, which is the Authentication API's
``/dbconnections/change_password`` (also through auth0-python): the tenant mails the link to
the user, so the operator never holds a link that would let them set someone's password.
Failures arrive as ``ManagementRefused`` (the tenant said no: 4xx) or ``UpstreamError``.
"""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

from auth0.authentication import Database
from auth0.authentication.exceptions import Auth0Error
from flask import current_app

from apps.common.errors import UpstreamError
from apps.common.management import MAX_LISTED, ManagementRefused, management, plain

SEARCH_PAGE = 25
RECENT_LOGS = 20


def _dicts(items) -> list[dict]:
    return [plain(item.dict()) for item in items or []]


def search_users(q: str, page: int = 0) -> tuple[list[dict], int]:
    """``GET /api/v2/users?q=…&search_engine=v3``: one page of matches and the total."""
    pager = management().call(lambda sdk: sdk.users.list(
        q=q, search_engine="v3", page=page, per_page=SEARCH_PAGE, include_totals=True,
        sort="email:1"))
    total = getattr(pager.response, "total", None)
    users = _dicts(pager.items)
    return users, int(total if total is not None else len(users))


def user_details(user_id: str) -> dict:
    """The user with their organizations, tenant roles and recent log events."""
    api = management()
    user = api.get_user(user_id)
    roles = api.call(lambda sdk: sdk.users.roles.list(user_id, per_page=50))
    # include_totals: the SDK parses the paged object shape, not the bare array.
    logs = api.call(lambda sdk: sdk.users.logs.list(user_id, per_page=RECENT_LOGS,
                                                    sort="date:-1", include_totals=True))
    return {"user": user, "organizations": api.user_organizations(user_id),
            "roles": _dicts(roles.items), "logs": _dicts(logs.items)}


def set_blocked(user_id: str, blocked: bool) -> None:
    management().call(lambda sdk: sdk.users.update(user_id, blocked=blocked))


def delete_user(user_id: str) -> None:
    management().call(lambda sdk: sdk.users.delete(user_id))


def remove_from_organization(org_id: str, user_id: str) -> None:
    management().call(lambda sdk: sdk.organizations.members.delete(org_id, members=[user_id]))


def resend_verification(user_id: str) -> None:
    """``POST /api/v2/jobs/verification-email``; the link returns to the customer portal."""
    management().send_verification_email(user_id, current_app.config["PORTAL_CLIENT_ID"])


def send_password_reset(email: str, connection: str) -> None:
    """The tenant emails a reset link for ``email`` in database ``connection``."""
    config = current_app.config
    base = urlsplit(config["AUTH0_BASE_URL"])
    database = Database(base.netloc, config["PORTAL_CLIENT_ID"], protocol=base.scheme,
                        timeout=config["MGMT_TIMEOUT"])
    try:
        database.change_password(email=email, connection=connection)
    except Auth0Error as exc:
        status = exc.status_code if isinstance(exc.status_code, int) else 0
        if 400 <= status < 500:
            raise ManagementRefused(status, exc.message or exc.error_code or "refused",
                                    str(exc.error_code or "")) from exc
        raise UpstreamError("account service", f"HTTP {status}") from exc
    except (OSError, ValueError) as exc:
        raise UpstreamError("account service", type(exc).__name__) from exc


# -- provisioning ---------------------------------------------------------------------------

def organization_by_name(name: str) -> dict | None:
    try:
        return plain(management().call(lambda sdk: sdk.organizations.get_by_name(name)).dict())
    except ManagementRefused as exc:
        if exc.status == 404:
            return None
        raise


def create_organization(name: str, display_name: str, branding: dict, metadata: dict) -> dict:
    return plain(management().call(lambda sdk: sdk.organizations.create(
        name=name, display_name=display_name, branding=branding or None,
        metadata=metadata)).dict())


def connection_by_name(name: str) -> dict | None:
    pager = management().call(lambda sdk: sdk.connections.list(name=name, take=1))
    found = _dicts(pager.items)
    return found[0] if found else None


def connections(strategies: list[str]) -> list[dict]:
    pager = management().call(lambda sdk: sdk.connections.list(strategy=strategies, take=50))
    return _dicts(pager.items)


def enabled_connection_ids(org_id: str) -> set[str]:
    api = management()
    pager = api.call(lambda sdk: sdk.organizations.enabled_connections.list(org_id, per_page=50))
    items = api.call(lambda _sdk: list(itertools.islice(pager, MAX_LISTED)))
    return {item.connection_id for item in items}


def enable_connection(org_id: str, connection_id: str, assign_membership: bool) -> None:
    management().call(lambda sdk: sdk.organizations.enabled_connections.add(
        org_id, connection_id=connection_id, assign_membership_on_login=assign_membership,
        show_as_button=True))


def role_id(name: str) -> str | None:
    pager = management().call(lambda sdk: sdk.roles.list(name_filter=name, per_page=50))
    return next((role.id for role in pager.items or [] if role.name == name), None)


def invitations_for(org_id: str, email: str) -> list[dict]:
    api = management()
    pager = api.call(lambda sdk: sdk.organizations.invitations.list(org_id, per_page=100))
    items = api.call(lambda _sdk: list(itertools.islice(pager, MAX_LISTED)))
    return [plain(i.dict()) for i in items if (i.invitee and i.invitee.email or "").lower()
            == email.lower()]


def invite(org_id: str, email: str, inviter: str, connection_id: str, role_ids: list[str]) -> dict:
    return plain(management().call(lambda sdk: sdk.organizations.invitations.create(
        org_id, inviter={"name": inviter}, invitee={"email": email},
        client_id=current_app.config["PORTAL_CLIENT_ID"], connection_id=connection_id,
        roles=role_ids, send_invitation_email=True)).dict())


def user_in_connection(email: str, connection: str) -> dict | None:
    users = management().call(lambda sdk: sdk.users.list_users_by_email(email=email))
    return next((plain(u.dict()) for u in users or [] if any(
        identity.connection == connection for identity in u.identities or [])), None)


def create_user(email: str, connection: str, password: str) -> dict:
    return plain(management().call(lambda sdk: sdk.users.create(
        connection=connection, email=email, password=password, email_verified=False,
        verify_email=False)).dict())


def is_member(org_id: str, user_id: str) -> bool:
    return any(org["id"] == org_id for org in management().user_organizations(user_id))


def add_member(org_id: str, user_id: str, role_ids: list[str]) -> None:
    api = management()
    api.call(lambda sdk: sdk.organizations.members.create(org_id, members=[user_id]))
    api.call(lambda sdk: sdk.organizations.members.roles.assign(org_id, user_id, roles=role_ids))
