"""The Management API calls behind "Invite an agent" (auth0-python, this app's M2M client):
create an invitation with one organization role, list the pending ones, revoke one. Role
names become role ids here; listed invitations get their role names back for the page."""

from __future__ import annotations

import itertools

from auth0.management.types import OrganizationInvitationInvitee, OrganizationInvitationInviter

from apps.common.management import MAX_LISTED, management, plain


class UnknownRole(LookupError):
    """The tenant has no role of that name."""


def role_ids() -> dict[str, str]:
    """Role name -> id for the tenant's roles (one page of 100 is plenty for a demo tenant)."""
    def listing(sdk):
        return [(role.name, role.id) for role in itertools.islice(sdk.roles.list(per_page=100),
                                                                  MAX_LISTED)]
    return dict(management().call(listing))


def invite(org_id: str, inviter: str, email: str, role: str, client_id: str) -> dict:
    """``POST /api/v2/organizations/{id}/invitations``; the tenant sends the email."""
    role_id = role_ids().get(role)
    if role_id is None:
        raise UnknownRole(role)
    made = management().call(lambda sdk: sdk.organizations.invitations.create(
        org_id, inviter=OrganizationInvitationInviter(name=inviter[:300]),
        invitee=OrganizationInvitationInvitee(email=email), client_id=client_id,
        roles=[role_id], send_invitation_email=True))
    return plain(made.dict())


def pending(org_id: str) -> list[dict]:
    """The organization's pending invitations, newest first, with role names."""
    names = {role_id: name for name, role_id in role_ids().items()}

    def listing(sdk):
        pager = sdk.organizations.invitations.list(org_id, per_page=50, sort="created_at:-1")
        return [plain(item.dict()) for item in itertools.islice(pager, MAX_LISTED)]
    found = management().call(listing)
    for invitation in found:
        invitation["role_names"] = [names.get(r, r) for r in invitation.get("roles") or []]
    return found


def revoke(org_id: str, invitation_id: str) -> None:
    """``DELETE /api/v2/organizations/{id}/invitations/{invitation_id}``: the link dies."""
    management().call(lambda sdk: sdk.organizations.invitations.delete(org_id, invitation_id))
