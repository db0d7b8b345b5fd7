"""Organizations through the official auth0-python client: CRUD and by name, members with
offset and checkpoint paging, member roles, enabled connections, invitations, a user's
organizations, and what deleting an organization or a user takes with it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from auth0.management import (
    ConnectionForOrganization,
    OrganizationBranding,
    OrganizationBrandingColors,
    OrganizationInvitationInvitee,
    OrganizationInvitationInviter,
)
from auth0.management.core.api_error import ApiError
from auth0.management.errors import BadRequestError, ConflictError, ForbiddenError, NotFoundError

from tests.support.orgs import ANA, BEN, DANA, PARTNERS, SUNRISE
from tests.support.tenant import JANE

pytestmark = pytest.mark.mock
USERS = "b2b.phase1.provisioning.organization-users"
DB = "Username-Password-Authentication"


def user_id(api, email: str) -> str:
    return api.users.list_users_by_email(email=email)[0].user_id


def connection_id(api, name: str = DB) -> str:
    return next(c.id for c in api.connections.list() if c.name == name)


def sunrise(api):
    return api.organizations.get_by_name(SUNRISE)


@pytest.mark.scenario(USERS)
def test_organization_lifecycle(manager_api):
    db = connection_id(manager_api)
    created = manager_api.organizations.create(
        name="alpine-escapes", display_name="Alpine Escapes",
        branding=OrganizationBranding(logo_url="https://alpine.example/logo.svg",
                                      colors=OrganizationBrandingColors(
                                          primary="#2b8a3e", page_background="#ebfbee")),
        metadata={"tier": "bronze"},
        enabled_connections=[ConnectionForOrganization(connection_id=db,
                                                       assign_membership_on_login=True)])
    assert created.id.startswith("org_") and created.display_name == "Alpine Escapes"
    assert created.enabled_connections[0].connection.name == DB
    assert created.enabled_connections[0].assign_membership_on_login is True
    with pytest.raises(ConflictError):
        manager_api.organizations.create(name="alpine-escapes")
    by_name = manager_api.organizations.get_by_name("alpine-escapes")
    assert by_name.id == created.id and by_name.branding.colors.primary == "#2b8a3e"
    updated = manager_api.organizations.update(created.id, display_name="Alpine Escapes Ltd",
                                               metadata={"tier": "silver"})
    assert (updated.display_name, updated.metadata) == ("Alpine Escapes Ltd", {"tier": "silver"})
    names = [org.name for org in manager_api.organizations.list()]
    assert {"alpine-escapes", SUNRISE, "lagoon-tours"} <= set(names)
    manager_api.organizations.delete(created.id)
    with pytest.raises(NotFoundError) as missing:
        manager_api.organizations.get(created.id)
    assert missing.value.body["errorCode"] == "inexistent_organization"


@pytest.mark.parametrize("name", ["Upper-Case", "-leading", "has space", "x" * 51])
def test_organization_names_are_checked(manager_api, name):
    with pytest.raises(BadRequestError) as bad:
        manager_api.organizations.create(name=name)
    assert bad.value.body["errorCode"] == "invalid_body"


def test_organizations_page_by_checkpoint_and_by_offset(manager_api, live_tenant):
    for i in range(3):
        manager_api.organizations.create(name=f"agency-{i}")
    pager = manager_api.organizations.list(take=2)
    seen = [org.name for page in pager.iter_pages() for org in page.items]
    assert len(seen) == 6 and len(set(seen)) == 6  # with the three of the tenant files
    token = live_tenant.token()
    offset = live_tenant.api("GET", "/organizations", token,
                             params={"page": 1, "per_page": 2, "include_totals": "true"}).json()
    assert (offset["start"], offset["limit"], offset["total"]) == (2, 2, 6)
    assert [o["name"] for o in offset["organizations"]] == ["agency-1", "agency-2"]


@pytest.mark.scenario(USERS)
def test_members_are_added_listed_by_checkpoint_and_removed(manager_api):
    org = manager_api.organizations.create(name="members-test")
    people = [user_id(manager_api, email) for email in (ANA, BEN, DANA, JANE)]
    manager_api.organizations.members.create(org.id, members=people)
    first = manager_api.organizations.members.list(org.id, take=3)
    assert len(first.items) == 3 and first.has_next
    listed = [m.user_id for page in first.iter_pages() for m in page.items]
    assert listed == sorted(people)
    assert {m.email for m in first.items} <= {ANA, BEN, DANA, JANE}
    manager_api.organizations.members.delete(org.id, members=[people[3]])
    assert JANE not in {m.email for m in manager_api.organizations.members.list(org.id)}
    with pytest.raises(ApiError) as unknown:
        manager_api.organizations.members.create(org.id, members=["auth0|nobody"])
    assert unknown.value.status_code == 404


@pytest.mark.scenario(USERS)
def test_member_roles_are_held_within_one_organization(manager_api):
    org = sunrise(manager_api)
    roles = {r.name: r.id for r in manager_api.roles.list()}
    ben = user_id(manager_api, BEN)
    assert [r.name for r in manager_api.organizations.members.roles.list(org.id, ben)] == [
        "org-member"]
    manager_api.organizations.members.roles.assign(org.id, ben, roles=[roles["org-admin"]])
    held = {r.name for r in manager_api.organizations.members.roles.list(org.id, ben)}
    assert held == {"org-admin", "org-member"}
    assert "org-admin" not in {r.name for r in manager_api.users.roles.list(ben)}, \
        "an organization role is not a tenant-wide role of the user"
    manager_api.organizations.members.roles.delete(org.id, ben, roles=[roles["org-member"]])
    assert [r.name for r in manager_api.organizations.members.roles.list(org.id, ben)] == [
        "org-admin"]
    with pytest.raises(NotFoundError):  # Jane is no member of Sunrise
        manager_api.organizations.members.roles.list(org.id, user_id(manager_api, JANE))


@pytest.mark.scenario(USERS)
def test_a_users_organizations(manager_api):
    dana = manager_api.users.organizations.list(user_id(manager_api, DANA))
    assert sorted(org.name for org in dana) == ["lagoon-tours", SUNRISE]
    assert list(manager_api.users.organizations.list(user_id(manager_api, JANE))) == []


def test_enabled_connections(manager_api):
    org = manager_api.organizations.create(name="connections-test")
    db = connection_id(manager_api)
    added = manager_api.organizations.enabled_connections.add(
        org.id, connection_id=db, assign_membership_on_login=False, show_as_button=True)
    assert (added.connection_id, added.connection.strategy) == (db, "auth0")
    with pytest.raises(ConflictError):
        manager_api.organizations.enabled_connections.add(org.id, connection_id=db)
    changed = manager_api.organizations.enabled_connections.update(
        org.id, db, assign_membership_on_login=True)
    assert changed.assign_membership_on_login is True
    listed = list(manager_api.organizations.enabled_connections.list(org.id))
    assert [c.connection.name for c in listed] == [DB]
    manager_api.organizations.enabled_connections.delete(org.id, db)
    with pytest.raises(NotFoundError):
        manager_api.organizations.enabled_connections.get(org.id, db)


def invite(api, org_id: str, email: str = "new.agent@sunrise-travel.example", **extra):
    client_id = next(c.client_id for c in api.clients.list() if c.name == PARTNERS)
    return api.organizations.invitations.create(
        org_id, inviter=OrganizationInvitationInviter(name="Ana Sunrise"),
        invitee=OrganizationInvitationInvitee(email=email), client_id=client_id, **extra)


@pytest.mark.scenario(USERS)
def test_invitations_carry_the_login_route_ticket_and_roles(manager_api):
    org = sunrise(manager_api)
    member_role = next(r.id for r in manager_api.roles.list() if r.name == "org-member")
    made = invite(manager_api, org.id, roles=[member_role], send_invitation_email=False,
                  connection_id=connection_id(manager_api))
    assert made.id.startswith("uinv_") and made.roles == [member_role]
    assert made.expires_at - made.created_at == timedelta(days=7), "Auth0's default ttl"
    url = urlsplit(made.invitation_url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "http://localhost:5001/login"
    assert parse_qs(url.query) == {"invitation": [made.ticket_id], "organization": [org.id],
                                   "organization_name": [SUNRISE]}
    assert made.inviter.name == "Ana Sunrise"
    assert made.invitee.email == "new.agent@sunrise-travel.example"
    short = invite(manager_api, org.id, email="short@sunrise-travel.example", ttl_sec=3600)
    assert short.expires_at - short.created_at == timedelta(hours=1)
    listed = [i.id for i in manager_api.organizations.invitations.list(org.id)]
    assert listed == [short.id, made.id], "newest first"
    assert manager_api.organizations.invitations.get(org.id, made.id).ticket_id == made.ticket_id
    manager_api.organizations.invitations.delete(org.id, made.id)
    with pytest.raises(NotFoundError):
        manager_api.organizations.invitations.get(org.id, made.id)


@pytest.mark.parametrize(("extra", "problem"), [
    ({"ttl_sec": 30 * 86400 + 1}, "greater than maximum"),
    ({"roles": ["rol_doesnotexist"]}, "does not exist"),
    ({"connection_id": "con_doesnotexist"}, "does not exist"),
])
def test_invitations_refuse_bad_input(manager_api, extra, problem):
    with pytest.raises(ApiError) as refused:
        invite(manager_api, sunrise(manager_api).id, **extra)
    assert refused.value.status_code in (400, 404) and problem in refused.value.body["message"]


def test_an_invitation_needs_a_client_with_a_login_route(manager_api):
    web = next(c.client_id for c in manager_api.clients.list() if c.name == "Travel0 Web")
    with pytest.raises(BadRequestError) as refused:
        manager_api.organizations.invitations.create(
            sunrise(manager_api).id, inviter=OrganizationInvitationInviter(name="Ana"),
            invitee=OrganizationInvitationInvitee(email="x@example.com"), client_id=web)
    assert "initiate_login_uri" in refused.value.body["message"]


@pytest.mark.scenario(USERS)
def test_deleting_an_organization_removes_its_memberships_and_invitations(manager_api, live_tenant):
    org = manager_api.organizations.create(name="short-lived")
    ana = user_id(manager_api, ANA)
    manager_api.organizations.members.create(org.id, members=[ana])
    made = invite(manager_api, org.id)
    manager_api.organizations.delete(org.id)
    assert "short-lived" not in {o.name for o in manager_api.users.organizations.list(ana)}
    from mock_idp.models import OrganizationInvitation, OrganizationMember

    with live_tenant.app.extensions["mock_idp.db"]() as db:
        assert db.get(OrganizationInvitation, made.id) is None
        assert db.query(OrganizationMember).filter_by(organization_id=org.id).count() == 0


@pytest.mark.scenario(USERS)
def test_deleting_a_user_removes_their_memberships(manager_api):
    org = sunrise(manager_api)
    ben = user_id(manager_api, BEN)
    manager_api.users.delete(ben)
    assert BEN not in {m.email for m in manager_api.organizations.members.list(org.id)}


def test_each_operation_needs_its_scope(live_tenant):
    api = live_tenant.sdk(live_tenant.token(scope="read:users"))
    with pytest.raises(ForbiddenError) as refused:
        api.organizations.get_by_name(SUNRISE)
    assert refused.value.body == {
        "statusCode": 403, "error": "Forbidden", "errorCode": "insufficient_scope",
        "message": "Insufficient scope, expected any of: read:organizations"}


@pytest.mark.scenario("b2b.phase1.profile.metadata")
def test_org_metadata_is_replaced_as_a_whole_within_auth0s_limits(manager_api):
    """Unlike a user's metadata, Auth0 does not merge an organization's: PATCH replaces it."""
    org = manager_api.organizations.create(name="metadata-check",
                                           metadata={"tier": "gold", "region": "emea"})
    try:
        updated = manager_api.organizations.update(org.id, metadata={"region": "apac",
                                                                     "gone": None})
        assert updated.metadata == {"region": "apac"}, "tier was not sent, so it is gone"
        assert manager_api.organizations.get(org.id).metadata == {"region": "apac"}
        renamed = manager_api.organizations.update(org.id, display_name="Metadata Check")
        assert renamed.metadata == {"region": "apac"}, "no metadata in the body: untouched"
        full = {"k": "x" * 255, **{f"k{i}": "v" for i in range(24)}}  # exactly at the limits
        assert manager_api.organizations.update(org.id, metadata=full).metadata == full
        for too_much in ({"k": "x" * 256}, {f"k{i}": "v" for i in range(26)}):
            with pytest.raises(BadRequestError):
                manager_api.organizations.update(org.id, metadata=too_much)
        assert manager_api.organizations.get(org.id).metadata == full
    finally:
        manager_api.organizations.delete(org.id)
