"""Organizations for M2M access through the official auth0-python client: a client grant's
``organization_usage``/``allow_any_organization`` and ``/organizations/{id}/client-grants``,
with the token endpoint following every change."""

from __future__ import annotations

import pytest
from auth0.authentication import GetToken
from auth0.authentication.exceptions import Auth0Error
from auth0.management.core.api_error import ApiError
from auth0.management.errors import BadRequestError, ConflictError, ForbiddenError, NotFoundError

from tests.support.orgs import LAGOON, SUNRISE
from tests.support.tenant import AUDIENCE

pytestmark = pytest.mark.mock
M2M = "b2b.phase2.authorization.m2m"
SYNC = "Sunrise Booking Sync"


def sync_grant(api, live_tenant):
    client_id = live_tenant.clients()[SYNC]["client_id"]
    return next(iter(api.client_grants.list(client_id=client_id, audience=AUDIENCE)))


def org_token(live_tenant, organization: str) -> dict:
    """The partner integration's own call, through auth0-python's GetToken."""
    client = live_tenant.clients()[SYNC]
    domain = live_tenant.url.removeprefix("http://")
    auth = GetToken(domain, client["client_id"], client["client_secret"], protocol="http")
    return auth.client_credentials(AUDIENCE, organization=organization)


@pytest.mark.scenario(M2M)
def test_the_shipped_grant_requires_an_organization_and_is_associated_with_sunrise(
        admin_api, live_tenant):
    grant = sync_grant(admin_api, live_tenant)
    assert grant.organization_usage == "require" and grant.allow_any_organization is False
    assert sorted(grant.scope) == ["create:bookings", "read:bookings"]
    sunrise = admin_api.organizations.get_by_name(SUNRISE)
    associated = list(admin_api.organizations.client_grants.list(sunrise.id))
    assert [g.id for g in associated] == [grant.id]
    lagoon = admin_api.organizations.get_by_name(LAGOON)
    assert list(admin_api.organizations.client_grants.list(lagoon.id)) == []


@pytest.mark.scenario(M2M)
def test_associating_and_removing_an_organization_follows_through_to_tokens(
        admin_api, live_tenant):
    grant = sync_grant(admin_api, live_tenant)
    lagoon = admin_api.organizations.get_by_name(LAGOON)
    with pytest.raises(Auth0Error) as refused:
        org_token(live_tenant, LAGOON)
    assert refused.value.status_code == 403 and refused.value.error_code == "access_denied"
    added = admin_api.organizations.client_grants.create(lagoon.id, grant_id=grant.id)
    assert added.id == grant.id and added.organization_usage == "require"
    with pytest.raises(ConflictError):
        admin_api.organizations.client_grants.create(lagoon.id, grant_id=grant.id)
    assert org_token(live_tenant, LAGOON)["access_token"]
    filtered = admin_api.organizations.client_grants.list(lagoon.id, audience=AUDIENCE)
    assert [g.id for g in filtered] == [grant.id]
    admin_api.organizations.client_grants.delete(lagoon.id, grant.id)
    with pytest.raises(Auth0Error):
        org_token(live_tenant, LAGOON)
    assert org_token(live_tenant, SUNRISE)["access_token"], "other associations stay"


@pytest.mark.scenario(M2M)
def test_client_grant_organization_settings_are_created_read_and_patched(admin_api,
                                                                         live_tenant):
    client_id = live_tenant.clients()["Travel0 Deploy"]["client_id"]
    created = admin_api.client_grants.create(client_id=client_id, audience=AUDIENCE,
                                             scope=["read:bookings"], organization_usage="allow",
                                             allow_any_organization=True)
    assert created.organization_usage == "allow" and created.allow_any_organization is True
    fetched = admin_api.client_grants.get(created.id)
    assert fetched.organization_usage == "allow"
    anywhere = [g.id for g in admin_api.client_grants.list(allow_any_organization="true")]
    assert created.id in anywhere
    patched = admin_api.client_grants.update(created.id, organization_usage="require",
                                             allow_any_organization=False)
    assert patched.organization_usage == "require" and patched.allow_any_organization is False
    assert created.id not in [g.id for g in admin_api.client_grants.list(
        allow_any_organization="true")]
    with pytest.raises(BadRequestError):
        admin_api.client_grants.update(created.id, organization_usage="sometimes")


def test_organization_client_grant_errors_are_auth0_shaped(admin_api, live_tenant):
    sunrise = admin_api.organizations.get_by_name(SUNRISE)
    with pytest.raises(NotFoundError):
        admin_api.organizations.client_grants.create(sunrise.id, grant_id="cgr_nosuchgrant")
    with pytest.raises(ApiError) as unknown:
        list(admin_api.organizations.client_grants.list("org_nosuchorganization"))
    assert unknown.value.status_code == 404
    assert unknown.value.body["errorCode"] == "inexistent_organization"
    bare = live_tenant.api("POST", f"/organizations/{sunrise.id}/client-grants",
                           token=live_tenant.token(), json={"grant": "x"})
    assert bare.status_code == 400 and bare.json()["errorCode"] == "invalid_body"


def test_organization_client_grants_need_their_own_scopes(manager_api, admin_api):
    """Travel0 Management's grant has no *:organization_client_grants scope."""
    sunrise = admin_api.organizations.get_by_name(SUNRISE)
    with pytest.raises(ForbiddenError):
        manager_api.organizations.client_grants.list(sunrise.id)
