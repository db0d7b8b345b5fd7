"""Organization logins at /authorize: which organization a request is for, whether the
client may (or must) name one, and who may complete it.

Errors follow Auth0's answers to the application: ``invalid_request`` for a request the
client should not have sent, ``access_denied`` for a user or connection the organization
does not admit. Descriptions Auth0 documents or is known to send are used as they are.
"""

from __future__ import annotations

from flask import current_app

from . import invitations, logs, organizations
from .clock import now
from .db import get_db
from .models import Organization, User

NAME_NOT_ALLOWED = "authorization request parameter organization must be an organization id"
REQUIRED = "parameter organization is required for this client"
NO_MEMBERSHIP = "client requires organization membership, but user does not belong to any organization"


def usage(client) -> str:
    return (client.config or {}).get("organization_usage") or "deny"


def require_behavior(client) -> str:
    return (client.config or {}).get("organization_require_behavior") or "no_prompt"


def names_allowed() -> bool:
    """The tenant setting that lets ``organization=`` carry a name and tokens ``org_name``."""
    settings = current_app.extensions["mock_idp.tenant"].data.get("tenant") or {}
    return bool(settings.get("allow_organization_name_in_authentication_api"))


def check_request(auth, client_error) -> Organization | None:
    """Validate the ``organization`` parameter against the client; the organization, if any.

    ``client_error(auth, error, description)`` builds the exception to raise.
    """
    ref = auth.params.get("organization")
    client = auth.client.row
    if not ref:
        if usage(client) == "require" and require_behavior(client) == "no_prompt":
            raise client_error(auth, "invalid_request", REQUIRED)
        return None
    if usage(client) == "deny":
        raise client_error(auth, "invalid_request",
                           "the client is not configured to use organizations")
    if not ref.startswith(organizations.ID_PREFIX) and not names_allowed():
        raise client_error(auth, "invalid_request", NAME_NOT_ALLOWED)
    org = organizations.find(get_db(), ref)
    if org is None:
        raise client_error(auth, "invalid_request", f"no organization found for {ref[:64]!r}")
    connection = auth.params.get("connection")
    if connection and organizations.enabled_connection(get_db(), org.id, connection) is None:
        raise client_error(auth, "access_denied",
                           f"the connection {connection} is not enabled for the organization")
    return org


def wants_picker(auth) -> bool:
    """No organization named, and the client asks the user to pick one after login."""
    client = auth.client.row
    return (not auth.params.get("organization") and usage(client) == "require"
            and require_behavior(client) == "post_login_prompt")


def wants_prompt(auth) -> bool:
    """No organization named, and the client asks for its name before login."""
    client = auth.client.row
    return (not auth.params.get("organization") and usage(client) == "require"
            and require_behavior(client) == "pre_login_prompt")


def admit(auth, user: User, client_error) -> Organization | None:
    """The organization ``user`` logs in to, after membership checks (and auto-membership)."""
    org = check_request(auth, client_error)
    if org is None:
        return None
    db = get_db()
    setting = organizations.enabled_connection(db, org.id, user.connection)
    if setting is None:
        _refused(auth, user, org, "connection not enabled")
        raise client_error(auth, "access_denied",
                           f"the connection {user.connection} is not enabled for the organization")
    if auth.params.get("invitation"):
        invitations.accept(auth, user, org, client_error)
    elif not organizations.is_member(db, org.id, user.user_id):
        if not setting.assign_membership_on_login:
            _refused(auth, user, org, "not a member")
            raise client_error(auth, "access_denied",
                               f"user {user.user_id} is not part of the {org.id} organization")
        organizations.add_member(db, org.id, user.user_id, now())
        db.commit()
    return org


def signup_allowed(auth, connection) -> bool:
    """Sign-up needs the connection to allow it and, in an organization login, the
    organization's ``is_signup_enabled`` on that connection."""
    if connection is None or (connection.options or {}).get("disable_signup"):
        return False
    if auth.params.get("invitation"):  # validated with the request: the invitation admits
        return True
    org = organizations.find(get_db(), auth.params.get("organization"))
    if org is None:
        return True
    setting = organizations.enabled_connection(get_db(), org.id, connection.name)
    return bool(setting and setting.is_signup_enabled and setting.assign_membership_on_login)


def member_organizations(user: User) -> list[Organization]:
    return organizations.user_organizations(get_db(), user.user_id)


def _refused(auth, user: User, org: Organization, why: str) -> None:
    logs.write("f", description=f"organization login refused: {why}", client=auth.client.row,
               user=user, details={"organization": {"id": org.id, "name": org.name}},
               organization=org)
