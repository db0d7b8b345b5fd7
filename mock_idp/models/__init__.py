"""Tenant state: configuration deployed from the tenant files, users, and runtime artefacts.

Times are integer epoch seconds from the tenant clock (see ``clock.py``), so tests can
move time without touching the machine's clock.
"""

from .base import Base
from .config import Client, ClientGrant, Connection, ResourceServer, Role, RolePermission
from .enterprise import UpstreamLogin
from .management import Job, OutboxMessage, Ticket, UserBlock
from .operations import LogStream
from .organizations import (
    Organization,
    OrganizationClientGrant,
    OrganizationConnection,
    OrganizationInvitation,
    OrganizationMember,
    OrganizationMemberRole,
)
from .protection import IpThrottle, LoginFailureCount
from .runtime import (
    ActionContinuation,
    AuthorizationCode,
    LogEvent,
    OpaqueAccessToken,
    RefreshToken,
    RevokedGrant,
    SigningKey,
    SsoSession,
    Transaction,
)
from .users import PasswordHistory, User, UserRole

__all__ = [
    "ActionContinuation",
    "AuthorizationCode",
    "Base",
    "Client",
    "ClientGrant",
    "Connection",
    "IpThrottle",
    "Job",
    "LogEvent",
    "LogStream",
    "LoginFailureCount",
    "OpaqueAccessToken",
    "Organization",
    "OrganizationClientGrant",
    "OrganizationConnection",
    "OrganizationInvitation",
    "OrganizationMember",
    "OrganizationMemberRole",
    "OutboxMessage",
    "PasswordHistory",
    "RefreshToken",
    "ResourceServer",
    "RevokedGrant",
    "Role",
    "RolePermission",
    "SigningKey",
    "SsoSession",
    "Ticket",
    "Transaction",
    "UpstreamLogin",
    "User",
    "UserBlock",
    "UserRole",
]
