"""Accepting an organization invitation at /authorize (``invitation`` + ``organization``).

The link an invitation email carries leads through the application's login route to
/authorize. There the invitation must exist, belong to the organization and the application
of the request, be unexpired and unused; otherwise the application gets an error and nothing
changes. The invitee signs up with the invited address (the sign-up form fixes it) or logs
in; when the account's email is the invited one, the account joins the organization with
the invited roles, its email counts as verified (the link proved the mailbox) and the
invitation is used up. Events: ``si`` on success, ``fi`` on every refusal, as Auth0 logs them.

Unlike Auth0, which also uses up an invitation that someone logged in as another account
tried to accept, a refused invitation stays valid here: nothing is half-made on failure.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from . import logs, organizations, sessions
from .clock import now
from .db import get_db
from .models import Connection, Organization, OrganizationInvitation, User

FOREIGN = "the specified account is not allowed to accept the current invitation"  # Auth0's
NO_ORGANIZATION = "parameter organization is required when an invitation is used"
NOT_FOUND = ("the invitation was not found: it may have been revoked, or the link is "
             "incomplete. Ask your organization for a new invitation")
OTHER_CLIENT = "the invitation was not issued for this application"
USED = ("the invitation has already been accepted. Log in to use it, or ask your "
        "organization for a new invitation")
EXPIRED = "the invitation has expired. Ask your organization for a new invitation"
MAX_TICKET = 128


@dataclass(frozen=True)
class Pending:
    """A valid invitation of the current /authorize request, as the login pages show it."""

    email: str
    inviter: str
    organization: str  # display name
    connection: str | None


def check_request(auth, client_error) -> OrganizationInvitation | None:
    """Validate ``invitation`` against the request; the invitation, or None without one.

    An invitation that names a connection makes it the login's ``connection``.
    """
    ticket = auth.params.get("invitation")
    if not ticket:
        return None
    if not auth.params.get("organization"):
        raise client_error(auth, "invalid_request", NO_ORGANIZATION)
    org = organizations.find(get_db(), auth.params["organization"])
    invitation = _by_ticket(ticket)
    sso = sessions.current(get_db())
    problem = _problem(invitation, org, auth.client.client_id, sso.user_id if sso else None)
    if problem is not None:
        _failed(auth, problem[1], invitation, org)
        raise client_error(auth, *problem)
    name = _connection_name(invitation)
    if name is not None:
        if auth.params.get("connection") not in (None, name):
            raise client_error(auth, "invalid_request",
                               f"the invitation must be accepted with the connection {name}")
        auth.params["connection"] = name
    return invitation


def _by_ticket(ticket: str) -> OrganizationInvitation | None:
    if len(ticket) > MAX_TICKET:
        return None
    return get_db().scalar(select(OrganizationInvitation).where(
        OrganizationInvitation.ticket_id == ticket))


def _problem(invitation, org: Organization | None, client_id: str,
             user_id: str | None = None) -> tuple[str, str] | None:
    """Why this invitation cannot be used in this request (error, description), or None.

    Another organization's invitation reads as not found: the link proves nothing there.
    A used one is still good for the member who used it (``user_id``), whose login may
    come back through /authorize or /continue after an Action's redirect.
    """
    if invitation is None or org is None or invitation.organization_id != org.id:
        return "invalid_request", NOT_FOUND
    if invitation.client_id != client_id:
        return "invalid_request", OTHER_CLIENT
    if invitation.accepted_at is not None and invitation.accepted_by != user_id:
        return "access_denied", USED
    if invitation.expires_at <= now():
        return "access_denied", EXPIRED
    return None


def _connection_name(invitation: OrganizationInvitation) -> str | None:
    if not invitation.connection_id:
        return None
    connection = get_db().get(Connection, invitation.connection_id)
    return connection.name if connection is not None else None


def pending(auth) -> Pending | None:
    """The request's invitation for the login pages (already validated), or None."""
    ticket = auth.params.get("invitation")
    invitation = _by_ticket(ticket) if ticket else None
    if invitation is None:
        return None
    org = get_db().get(Organization, invitation.organization_id)
    return Pending(invitation.invitee_email, invitation.inviter_name,
                   (org.display_name or org.name) if org else "",
                   _connection_name(invitation))


def first_page(auth, connection) -> str | None:
    """Where an invitee starts: sign-up when the invited address has no account in the
    login's connection yet, else the login form. None without an invitation."""
    invited = pending(auth)
    if invited is None:
        return None
    if connection is None:
        return "login.login"
    exists = get_db().scalar(select(User.user_id).where(
        User.connection == connection.name, User.email == invited.email).limit(1))
    return "login.login" if exists else "login.signup"


def accept(auth, user: User, org: Organization, client_error) -> None:
    """Make ``user`` a member of ``org`` with the invited roles and use the invitation up,
    or refuse (``fi``) leaving everything as it was."""
    db = get_db()
    invitation = _by_ticket(auth.params.get("invitation", ""))
    if invitation is not None and invitation.accepted_by == user.user_id:
        return  # accepted earlier in this login (resumed after an Action's redirect)
    problem = _problem(invitation, org, auth.client.client_id)
    if problem is None and not _is_invitee(invitation, user):
        problem = ("access_denied", FOREIGN)
    if problem is None:
        # Used up in the same statement that checks it is unused: two browsers racing on
        # one link cannot both join.
        claimed = db.execute(update(OrganizationInvitation).where(
            OrganizationInvitation.id == invitation.id,
            OrganizationInvitation.accepted_at.is_(None)).values(
            accepted_at=now(), accepted_by=user.user_id)).rowcount
        problem = None if claimed == 1 else ("access_denied", USED)
    if problem is not None:
        db.rollback()
        _failed(auth, problem[1], invitation, org, user)
        raise client_error(auth, *problem)
    _join(db, invitation, user, org)
    db.commit()
    logs.write("si", client=auth.client.row, user=user, organization=org,
               details={"invitation": {"id": invitation.id, "roles": list(invitation.roles)}})


def _is_invitee(invitation: OrganizationInvitation, user: User) -> bool:
    """The account has the invited address (and, when one is named, the invited connection)."""
    if (user.email or "").lower() != invitation.invitee_email:
        return False
    name = _connection_name(invitation)
    return name is None or user.connection == name


def _join(db, invitation: OrganizationInvitation, user: User, org: Organization) -> None:
    stamp = now()
    organizations.add_member(db, org.id, user.user_id, stamp)
    organizations.grant_roles(db, org.id, user.user_id, list(invitation.roles or []))
    user.email_verified = True
    if invitation.app_metadata:
        user.app_metadata = {**(user.app_metadata or {}), **invitation.app_metadata}
    if invitation.user_metadata:
        user.user_metadata = {**(user.user_metadata or {}), **invitation.user_metadata}
    user.updated_at = stamp


def _failed(auth, description: str, invitation, org, user: User | None = None) -> None:
    details = {"invitation": {"id": invitation.id, "invitee": invitation.invitee_email}
               if invitation is not None else {}}
    if user is not None:
        details["actual_user"] = {"user_id": user.user_id, "email": user.email}
    logs.write("fi", description=description, client=auth.client.row, user=user,
               organization=org, details=details)
