"""Organization logins for the B2B apps: forward ``organization``/``invitation`` to ``/authorize``
and check that the tokens really are for the organization the app asked for.

Auth0's advice for multi-organization apps: when the login named an organization by id, the
ID token's ``org_id`` must be that id; when it named one by name, ``org_name`` must be that
name. An app that requires organizations also refuses a login whose tokens carry none.
"""

from __future__ import annotations

import re

from flask import current_app, request, session

ORG_ID = re.compile(r"org_[A-Za-z0-9]{1,64}")
ORG_NAME = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,48}[a-z0-9])?")  # Auth0: lowercase, ≤ 50
INVITATION = re.compile(r"[A-Za-z0-9_-]{1,128}")
REQUESTED_KEY = "_login_organization"


class BadOrganization(ValueError):
    """A login link named an organization or invitation in a form Auth0 would never issue."""


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
        organization = organization if organization.startswith("org_") else organization.lower()
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
    if requested and requested.startswith("org_") and claims.get("org_id") != requested:
        return "The login came back for another organization than the one requested."
    if requested and not requested.startswith("org_") and claims.get("org_name") != requested:
        return "The login came back for another organization than the one requested."
    if current_app.config.get("ORGANIZATION_REQUIRED") and not ORG_ID.fullmatch(
            str(claims.get("org_id", ""))):
        return "This application is for members of an organization; the login named none."
    return None
