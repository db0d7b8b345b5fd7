"""The permission matrix: which operator role may do which console action. The one place.

Roles are the tenant's RBAC roles an operator holds (``support``, ``admin``, ``auditor``), read
on every request from the roles claim of the operator's access token (see ``operator.py``).
Views name an :class:`Action`; nothing else in the console decides who may do what, and the
templates ask :func:`allowed` too, so the buttons an operator sees are the actions the server
would accept. An unknown role grants nothing; several roles add up.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Action(StrEnum):
    """Everything an operator can do in the console (the audit log names them so)."""

    READ_USERS = "users.read"          # search users, open a user (identities, orgs, roles, logs)
    BLOCK = "users.block"              # block and unblock
    SEND_RESET = "users.send_reset"    # email a password-reset link (the operator never sees it)
    RESEND_VERIFICATION = "users.resend_verification"
    REMOVE_FROM_ORG = "users.remove_from_org"
    DELETE = "users.delete"
    READ_ORGANIZATIONS = "organizations.read"  # provisioned organizations and their records
    PROVISION = "organizations.provision"      # provision, and resume a provisioning
    READ_AUDIT = "audit.read"


READ = frozenset({Action.READ_USERS, Action.READ_ORGANIZATIONS})

MATRIX: dict[str, frozenset[Action]] = {
    "auditor": READ | {Action.READ_AUDIT},
    "support": READ | {Action.BLOCK, Action.SEND_RESET, Action.RESEND_VERIFICATION},
    "admin": frozenset(Action),
}

OPERATOR_ROLES = tuple(MATRIX)


def actions_for(roles: Iterable[str]) -> frozenset[Action]:
    """The union of what ``roles`` allow (roles the matrix does not know add nothing)."""
    granted: set[Action] = set()
    for role in roles:
        granted |= MATRIX.get(role, frozenset())
    return frozenset(granted)


def allowed(roles: Iterable[str], action: Action | str) -> bool:
    """May someone holding ``roles`` perform ``action``?"""
    try:
        action = Action(action)
    except ValueError:
        return False
    return action in actions_for(roles)


def operator_roles(roles: Iterable[str]) -> list[str]:
    """The console roles among ``roles`` (a staff member may hold other tenant roles too)."""
    return sorted({role for role in roles if role in MATRIX})


SELF_LOCKOUT = frozenset({Action.BLOCK, Action.DELETE, Action.REMOVE_FROM_ORG})
STAFF_GUARDIAN = "admin"  # the only role that acts on operators' own accounts


def refusal_for_target(roles: Iterable[str], action: Action, *, own_account: bool,
                       operator_account: bool) -> str | None:
    """Why an action the role allows must still not touch this user, or None.

    Nobody blocks, deletes or unlinks their own account here (no lock-out by mistake), and
    only ``admin`` acts on an operator's account (support cannot block an admin)."""
    if own_account and action in SELF_LOCKOUT:
        return "Operators cannot block, delete or remove their own account from here."
    if operator_account and STAFF_GUARDIAN not in roles:
        return "Only console admins act on operators' accounts."
    return None
