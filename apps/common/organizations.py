"""Organization logins for the B2B apps: forward ``organization``/``invitation`` to ``/authorize``
and check that the tokens really are for the organization the app asked for.

Auth0's SDKs check it this way: when the login named an organization by id, the ID token's
``org_id`` must be exactly that id; when it named one by name, ``org_name`` must equal it,
ignoring case. A token without the claim fails too. An app that requires organizations also
refuses a login whose tokens carry none.
"""

from __future__ import annotations

import re

from flask import current_app, request, session

ID_PREFIX = "org_"
ORG_ID = re.compile(r"org_[A-Za-z0-9]{1,64}")
ORG_NAME = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,48}[a-z0-9])?")  # Auth0: lowercase, ≤ 50
INVITATION = re.compile(r"[A-Za-z0-9_-]{1,128}")
REQUESTED_KEY = "_login_organization"


class OrganizationMismatch(Exception):
    """The token is not for the organization the app asked for."""


class BadOrganization(ValueError):
    """A login link named an organization or invitation in a form Auth0 would never issue."""


def check_organization(claims: dict, expected: str) -> None:
    """Raise ``OrganizationMismatch`` unless ``claims`` are for ``expected`` (id or name)."""
    if not expected:
        raise OrganizationMismatch("no organization to check against")
    if expected.startswith(ID_PREFIX):
        found = claims.get("org_id")
        if not isinstance(found, str) or found != expected:
            raise OrganizationMismatch(f"org_id is {found!r}, expected {expected!r}")
        return
    found = claims.get("org_name")
    if not isinstance(found, str) or found.lower() != expected.lower():
        raise OrganizationMismatch(f"org_name is {found!r}, expected {expected!r}")


def authorize_params() -> dict:
    """``organization`` and ``invitation`` from the login URL, checked, for ``/authorize``.

    Remembers the requested organization in the session, for :func:`mismatch` at the callback.
    """
    session.pop(REQUESTED_KEY, None)
    params = {}
    organization = request.args.get("organization", "")
    if organization:
        if not (ORG_ID.fullmatch(organization) or ORG_NAME.fullmatch(organization.lower())):
            raise BadOrganization("That is not an organization id or name.")
        if not organization.startswith(ID_PREFIX):
            organization = organization.lower()
        params["organization"] = session[REQUESTED_KEY] = organization
    invitation = request.args.get("invitation", "")
    if invitation:
        if not organization or not INVITATION.fullmatch(invitation):
            raise BadOrganization("That invitation link is incomplete or damaged.")
        params["invitation"] = invitation
    return params


def mismatch(claims: dict) -> str | None:
    """Why these ID-token claims must not start a session here, or None when they may."""
    requested = session.get(REQUESTED_KEY)
    if requested:
        try:
            check_organization(claims, requested)
        except OrganizationMismatch:
            return "The login came back for another organization than the one requested."
    if current_app.config.get("ORGANIZATION_REQUIRED") and not ORG_ID.fullmatch(
            str(claims.get("org_id", ""))):
        return "This application is for members of an organization; the login named none."
    return None
