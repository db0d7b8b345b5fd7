"""Which organization a token is for, checked the way Auth0's SDKs check it.

An app that logs users in to an organization must compare the token with the
organization it asked for: an ``org_…`` id must equal the ``org_id`` claim exactly; a
name must equal ``org_name``, ignoring case. A token without the claim fails too.
"""

from __future__ import annotations

ID_PREFIX = "org_"


class OrganizationMismatch(Exception):
    """The token is not for the organization the app asked for."""


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
