"""The Management API as a system resource server: its identifier and the scopes it knows."""

from __future__ import annotations

NAME = "Auth0 Management API"
KEYWORD = "MANAGEMENT_API_AUDIENCE"

_RESOURCES = {
    "users": ("read", "update", "delete", "create"),
    "users_app_metadata": ("read", "update", "delete", "create"),
    "user_tickets": ("create",),
    "clients": ("read", "update", "delete", "create"),
    "client_grants": ("read", "update", "delete", "create"),
    "client_keys": ("read", "update"),
    "connections": ("read", "update", "delete", "create"),
    "resource_servers": ("read", "update", "delete", "create"),
    "roles": ("read", "update", "delete", "create"),
    "role_members": ("read", "delete", "create"),
    "logs": ("read",),
    "logs_users": ("read",),
    "signing_keys": ("read", "update", "create"),
    "tenant_settings": ("read", "update"),
    "email_templates": ("read", "update", "create"),
    "email_provider": ("read", "update", "create", "delete"),
    "log_streams": ("read", "update", "delete", "create"),
    "actions": ("read", "update", "delete", "create"),
    "triggers": ("read", "update"),
    "organizations": ("read", "update", "delete", "create"),
    "organization_members": ("read", "delete", "create"),
    "organization_member_roles": ("read", "delete", "create"),
    "organization_invitations": ("read", "delete", "create"),
    "organization_connections": ("read", "update", "delete", "create"),
    "organization_client_grants": ("read", "delete", "create"),
    "anomaly_blocks": ("read", "delete"),
    "stats": ("read",),
    "grants": ("read", "delete"),
    "custom_domains": ("read", "update", "delete", "create"),
}
# What a user (not a machine) may hold on the Management API: only their own account.
CURRENT_USER_SCOPES = (
    "read:current_user", "update:current_user_metadata", "create:current_user_metadata",
    "delete:current_user_metadata", "update:current_user_identities",
    "create:current_user_device_credentials", "delete:current_user_device_credentials",
)
SCOPES: tuple[str, ...] = tuple(
    f"{verb}:{resource}" for resource, verbs in _RESOURCES.items() for verb in verbs
) + ("blacklist:tokens", *CURRENT_USER_SCOPES)


def audience(issuer: str) -> str:
    """The Management API's identifier on a tenant whose issuer is ``issuer``."""
    return f"{issuer}api/v2/"
