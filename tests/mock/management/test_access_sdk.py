"""Roles, permissions, role members, resource servers, clients, client grants and connections
through the official auth0-python client."""

from __future__ import annotations

import pytest
from auth0.management import PermissionRequestPayload, ResourceServerScope
from auth0.management.errors import ConflictError, ForbiddenError, NotFoundError

from tests.support.tenant import AUDIENCE, JANE

pytestmark = pytest.mark.mock


def test_role_lifecycle_with_permissions_and_members(manager_api):
    role = manager_api.roles.create(name="report-reader", description="Reads reports")
    assert role.id.startswith("rol_") and role.name == "report-reader"
    with pytest.raises(ConflictError):
        manager_api.roles.create(name="report-reader")
    manager_api.roles.permissions.add(role.id, permissions=[
        PermissionRequestPayload(resource_server_identifier=AUDIENCE, permission_name="read:reports")])
    perms = list(manager_api.roles.permissions.list(role.id))
    assert [(p.resource_server_identifier, p.permission_name) for p in perms] == [
        (AUDIENCE, "read:reports")]
    assert perms[0].resource_server_name == "Travel0 API"

    jane = manager_api.users.list_users_by_email(email=JANE)[0]
    manager_api.roles.users.assign(role.id, users=[jane.user_id])
    assert [u.email for u in manager_api.roles.users.list(role.id)] == [JANE]
    held = {p.permission_name for p in manager_api.users.permissions.list(jane.user_id)}
    assert held == {"read:orders", "create:orders", "read:reports"}
    assert "report-reader" in {r.name for r in manager_api.users.roles.list(jane.user_id)}

    renamed = manager_api.roles.update(role.id, name="report-readers", description="Audit")
    assert renamed.name == "report-readers" and manager_api.roles.get(role.id).description == "Audit"
    manager_api.roles.delete(role.id)
    with pytest.raises(NotFoundError):
        manager_api.roles.get(role.id)
    assert "report-readers" not in {r.name for r in manager_api.users.roles.list(jane.user_id)}


def test_assigning_roles_changes_the_permissions_claim(manager_api, live_tenant):
    from tests.support.flows import CodeFlow
    from tests.support.tenant import MAX, demo_password

    maxi = manager_api.users.list_users_by_email(email=MAX)[0]
    customer = next(r for r in manager_api.roles.list() if r.name == "customer")
    manager_api.users.roles.assign(maxi.user_id, roles=[customer.id])
    web = live_tenant.clients()["Travel0 Web"]
    flow = CodeFlow(live_tenant.http, web["client_id"], "http://localhost:5000/callback",
                    web["client_secret"], scope="openid read:orders")
    token = flow.login(MAX, demo_password(MAX), audience=AUDIENCE)
    assert token["scope"].split() == ["openid", "read:orders"]
    manager_api.users.roles.delete(maxi.user_id, roles=[customer.id])
    assert list(manager_api.users.roles.list(maxi.user_id)) == []


def test_roles_list_with_totals(manager_api):
    page = manager_api.roles.list(include_totals=True, per_page=1)
    assert page.response.total == 6 and page.response.limit == 1 and len(page.items) == 1
    assert sorted(r.name for r in manager_api.roles.list(per_page=1)) == [
        "admin", "auditor", "customer", "org-admin", "org-member", "support"]


def test_the_management_api_is_a_read_only_system_api(admin_api, live_tenant):
    servers = {s.identifier: s for s in admin_api.resource_servers.list()}
    system = servers[live_tenant.audience]
    assert system.is_system is True and "read:users" in {s.value for s in system.scopes}
    with pytest.raises(ForbiddenError):
        admin_api.resource_servers.update(system.id, name="Mine now")


def test_resource_server_client_and_grant_lifecycle(admin_api, live_tenant):
    api = admin_api.resource_servers.create(
        name="Inventory", identifier="https://inventory.example/",
        scopes=[ResourceServerScope(value="read:stock", description="Read stock")],
        token_lifetime=600)
    assert api.identifier == "https://inventory.example/" and api.scopes[0].value == "read:stock"
    client = admin_api.clients.create(name="Stock Sync", app_type="non_interactive")
    assert len(client.client_id) == 32 and client.client_secret, "a new client gets random credentials"
    assert admin_api.clients.get(client.client_id).client_secret == client.client_secret

    grant = admin_api.client_grants.create(client_id=client.client_id, audience=api.identifier,
                                           scope=["read:stock"])
    assert grant.id.startswith("cgr_") and grant.scope == ["read:stock"]
    listed = list(admin_api.client_grants.list(client_id=client.client_id))
    assert [g.id for g in listed] == [grant.id]
    token = live_tenant.http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": client.client_id,
        "client_secret": client.client_secret, "audience": api.identifier})
    assert token.status == 200 and token.json()["scope"] == "read:stock"

    admin_api.client_grants.update(grant.id, scope=[])
    assert admin_api.client_grants.get(grant.id).scope == []
    admin_api.client_grants.delete(grant.id)
    admin_api.clients.delete(client.client_id)
    admin_api.resource_servers.delete(api.id)
    with pytest.raises(NotFoundError):
        admin_api.clients.get(client.client_id)


def test_client_secrets_need_read_client_keys(manager_api, admin_api):
    manager_view = {c.name: c for c in manager_api.clients.list()}
    assert manager_view["Travel0 Web"].client_secret is None
    admin_view = {c.name: c for c in admin_api.clients.list()}
    assert admin_view["Travel0 Web"].client_secret


def test_connections_list_update_and_create(admin_api, live_tenant):
    connections = list(admin_api.connections.list())
    database = next(c for c in connections if c.name == "Username-Password-Authentication")
    assert database.id.startswith("con_") and database.strategy == "auth0"
    web_id = live_tenant.clients()["Travel0 Web"]["client_id"]
    options = {**admin_api.connections.get(database.id).options, "disable_signup": True}
    updated = admin_api.connections.update(database.id, options=options, enabled_clients=[web_id])
    assert updated.enabled_clients == [web_id] and updated.options["disable_signup"] is True

    created = admin_api.connections.create(name="Partners-DB", strategy="auth0",
                                           enabled_clients=[web_id])
    assert created.name == "Partners-DB"
    user = admin_api.users.create(connection="Partners-DB", email="p@partner.example",
                                  password="Partner-Strong-Pass-1", verify_email=False)
    assert user.identities[0].connection == "Partners-DB"
    admin_api.connections.delete(created.id)
    with pytest.raises(NotFoundError):
        admin_api.users.get(user.user_id)
