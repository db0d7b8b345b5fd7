"""Organizations for machine-to-machine access: which organization, if any, a
client-credentials request is for, and whether its client grant may be used for it.

The grant decides: ``organization_usage`` (``deny`` when unset, ``allow``, ``require``)
says whether an ``organization`` parameter may or must be sent, and the organization must
either be associated with the grant (``/api/v2/organizations/{id}/client-grants``) or the
grant must have ``allow_any_organization``. A request the client should not have sent is
``invalid_request`` (400); an organization the grant may not use is ``access_denied`` (403),
with the same answer whether or not the organization exists, so a client cannot probe for
other customers' organizations.
"""

from __future__ import annotations

import re

from authlib.oauth2.rfc6749.errors import AccessDeniedError, InvalidRequestError
from flask import request as flask_request

from .. import organizations
from ..db import get_db
from ..models import ClientGrant, Organization, OrganizationClientGrant
from ..org_login import names_allowed

MAX_REF = 64
SHOWABLE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def usage(grant: ClientGrant) -> str:
    return grant.organization_usage or "deny"


def requested_organization(payload) -> str | None:
    """The ``organization`` parameter, once and as a string; None when absent or empty."""
    values = (payload.datalist or {}).get("organization") or []
    if len(values) > 1:
        raise InvalidRequestError("parameter organization must be sent at most once")
    body = flask_request.get_json(silent=True) if flask_request.is_json else None
    # null is "not given": auth0-python sends ``"organization": null`` when none is named.
    if isinstance(body, dict) and not isinstance(body.get("organization"), str | None):
        raise InvalidRequestError("parameter organization must be a string")
    ref = values[0] if values else None
    if ref is not None and len(ref) > MAX_REF:
        raise InvalidRequestError("parameter organization is too long")
    return ref or None


def resolve(grant: ClientGrant, payload) -> Organization | None:
    """The organization the token is for, after every check Auth0 makes; None for none."""
    ref = requested_organization(payload)
    if ref is None:
        if usage(grant) == "require":
            raise InvalidRequestError("parameter organization is required for this client grant")
        return None
    if usage(grant) == "deny":
        raise InvalidRequestError("the client grant is not configured to use organizations")
    if not ref.startswith(organizations.ID_PREFIX) and not names_allowed():
        raise InvalidRequestError("parameter organization must be an organization id")
    db = get_db()
    org = organizations.find(db, ref)
    if org is None or not (grant.allow_any_organization
                           or db.get(OrganizationClientGrant, (org.id, grant.id))):
        raise AccessDeniedError(f"Client is not authorized to access organization {_shown(ref)} "
                                "with this client grant")
    return org


def _shown(ref: str) -> str:
    """The reference as it may appear in an error description (RFC 6749 allows only
    printable ASCII without quotes or backslashes there)."""
    return ref if SHOWABLE.match(ref) else "(as given)"
