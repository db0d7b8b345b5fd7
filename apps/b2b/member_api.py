"""The Management API calls behind "Agents" (auth0-python, this app's M2M client): the
organization's members with their organization roles, one member's role changed, a member
removed. Every call names the organization in its path, so another agency's people are never
reached: a user who is not a member of it is a 404 at the tenant."""

from __future__ import annotations

import itertools

from apps.common.management import MAX_LISTED, ManagementRefused, management, plain

from .invitation_api import UnknownRole, role_ids

MEMBER_FIELDS = "user_id,email,name,roles"


def members(org_id: str) -> list[dict]:
    """``GET /organizations/{id}/members`` with roles, ordered by email."""
    def listing(sdk):
        pager = sdk.organizations.members.list(org_id, fields=MEMBER_FIELDS,
                                               include_fields=True)
        return [plain(item.dict()) for item in itertools.islice(pager, MAX_LISTED)]
    found = management().call(listing)
    for member in found:
        member["role_names"] = sorted(role.get("name") or "" for role in member.get("roles") or [])
    return sorted(found, key=lambda member: (member.get("email") or "", member["user_id"]))


class NotAMember(LookupError):
    """The user is not a member of the organization (or does not exist)."""


def _require_member(org_id: str, user_id: str) -> None:
    """The user's organizations must include ``org_id``: the tenant does not refuse role or
    removal calls for a non-member, so the app asks first."""
    try:
        orgs = management().user_organizations(user_id)
    except ManagementRefused as exc:
        if exc.status == 404:
            raise NotAMember(user_id) from exc
        raise
    if not any(org.get("id") == org_id for org in orgs):
        raise NotAMember(user_id)


def set_role(org_id: str, user_id: str, role: str, assignable: list[str]) -> None:
    """Give the member exactly ``role`` among the ``assignable`` roles (others stay as they
    are); ``NotAMember`` for anyone who is not a member of ``org_id``."""
    ids = role_ids()
    if role not in ids:
        raise UnknownRole(role)
    _require_member(org_id, user_id)
    held = set(management().member_role_names(org_id, user_id))
    drop = [ids[name] for name in assignable if name in held and name != role and name in ids]
    if role not in held:
        management().call(lambda sdk: sdk.organizations.members.roles.assign(
            org_id, user_id, roles=[ids[role]]))
    if drop:
        management().call(lambda sdk: sdk.organizations.members.roles.delete(
            org_id, user_id, roles=drop))


def remove(org_id: str, user_id: str) -> None:
    """``DELETE /organizations/{id}/members``: the person leaves the agency (their account
    stays; their organization roles go with the membership)."""
    _require_member(org_id, user_id)
    management().call(lambda sdk: sdk.organizations.members.delete(org_id, members=[user_id]))
