"""Organizations for machine-to-machine access at ``/oauth/token``: the client grant's
``organization_usage`` and its associated organizations decide whether a client-credentials
request may (or must) name an organization, and the token then carries ``org_id``/``org_name``."""

from __future__ import annotations

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import select, update

from mock_idp import create_app, organizations
from mock_idp.db import dispose
from mock_idp.models import Client, ClientGrant, Organization, OrganizationClientGrant
from tests.support.fixtures import tenant_overrides
from tests.support.flows import FlaskHttp
from tests.support.orgs import LAGOON, SUNRISE
from tests.support.tenant import AUDIENCE

pytestmark = pytest.mark.mock
M2M = "b2b.phase2.authorization.m2m"
SYNC = "Sunrise Booking Sync"
NS = "https://travel0.example/"


def claims_of(http, token: str) -> dict:
    keys = KeySet.import_key_set(http.get("/.well-known/jwks.json").json())
    return jwt.decode(token, keys, algorithms=["RS256"]).claims


def exchange(http, clients, client: str = SYNC, **body):
    found = clients[client]
    data = {"grant_type": "client_credentials", "client_id": found["client_id"],
            "client_secret": found["client_secret"], "audience": AUDIENCE, **body}
    return http.post("/oauth/token", data={k: v for k, v in data.items() if v is not None})


def org_id(tenant_app, name: str) -> str:
    with tenant_app.extensions["mock_idp.db"]() as db:
        return organizations.find(db, name).id


def set_grant(tenant_app, client_id: str, **values) -> None:
    """What an admin does on the dashboard's API tab of the application."""
    with tenant_app.extensions["mock_idp.db"]() as db:
        db.execute(update(ClientGrant).where(ClientGrant.client_id == client_id,
                                             ClientGrant.audience == AUDIENCE).values(**values))
        db.commit()


@pytest.mark.scenario(M2M)
@pytest.mark.parametrize("by", ["id", "name"])
def test_an_organization_scoped_token_carries_org_id_and_org_name(http, clients, logs,
                                                                   tenant_app, by):
    sunrise = org_id(tenant_app, SUNRISE)
    response = exchange(http, clients, organization=sunrise if by == "id" else SUNRISE)
    assert response.status == 200, response.text
    body = response.json()
    assert body["scope"] == "read:bookings create:bookings"
    claims = claims_of(http, body["access_token"])
    client_id = clients[SYNC]["client_id"]
    assert claims["sub"] == f"{client_id}@clients" and claims["gty"] == "client-credentials"
    assert claims["org_id"] == sunrise and claims["org_name"] == SUNRISE
    assert claims["permissions"] == ["read:bookings", "create:bookings"]
    # The credentials-exchange Action saw event.organization (its metadata.tier).
    assert claims[f"{NS}org_tier"] == "gold"
    event = logs("seccft")[0]
    assert event["organization_id"] == sunrise and event["organization_name"] == SUNRISE


@pytest.mark.scenario(M2M)
def test_a_grant_that_requires_an_organization_refuses_a_request_without_one(http, clients,
                                                                              logs):
    response = exchange(http, clients)
    assert response.status == 400
    assert response.json() == {"error": "invalid_request", "error_description":
                               "parameter organization is required for this client grant"}
    assert logs("feccft")[0]["client_id"] == clients[SYNC]["client_id"]


@pytest.mark.scenario(M2M)
@pytest.mark.parametrize("organization", [LAGOON, "org_doesnotexist00", "no-such-agency"])
def test_an_organization_not_associated_with_the_grant_is_refused(http, clients, organization):
    response = exchange(http, clients, organization=organization)
    assert response.status == 403
    assert response.json() == {
        "error": "access_denied",
        "error_description": f"Client is not authorized to access organization {organization} "
                             "with this client grant"}


@pytest.mark.scenario(M2M)
def test_a_grant_that_denies_organizations_refuses_the_parameter(http, clients):
    """Travel0 Reports' grant leaves organization_usage unset, which is deny."""
    response = exchange(http, clients, client="Travel0 Reports", organization=SUNRISE)
    assert response.status == 400
    assert response.json()["error_description"] == (
        "the client grant is not configured to use organizations")
    assert exchange(http, clients, client="Travel0 Reports").status == 200


@pytest.mark.scenario(M2M)
def test_allow_makes_the_organization_optional(http, clients, tenant_app):
    set_grant(tenant_app, clients[SYNC]["client_id"], organization_usage="allow")
    plain = exchange(http, clients)
    assert plain.status == 200
    claims = claims_of(http, plain.json()["access_token"])
    assert "org_id" not in claims and "org_name" not in claims
    scoped = exchange(http, clients, organization=SUNRISE)
    assert claims_of(http, scoped.json()["access_token"])["org_name"] == SUNRISE
    assert exchange(http, clients, organization=LAGOON).status == 403


@pytest.mark.scenario(M2M)
def test_allow_any_organization_opens_every_organization(http, clients, tenant_app):
    set_grant(tenant_app, clients[SYNC]["client_id"], allow_any_organization=True)
    response = exchange(http, clients, organization=LAGOON)
    assert response.status == 200
    claims = claims_of(http, response.json()["access_token"])
    assert claims["org_id"] == org_id(tenant_app, LAGOON)
    assert claims[f"{NS}org_tier"] == "silver"


def test_organization_names_need_the_tenant_setting(tmp_path, mail_sink):
    """Without allow_organization_name_in_authentication_api only ids are accepted, and
    tokens carry org_id alone."""
    (tmp_path / "names").mkdir()
    app = create_app(tenant_overrides(tmp_path / "names", **mail_sink.tenant_settings()))
    app.extensions["mock_idp.tenant"].data["tenant"][
        "allow_organization_name_in_authentication_api"] = False
    try:
        http = FlaskHttp(app.test_client())
        own = {c["name"]: c for c in http.get("/_cookbook/clients").json()}
        by_name = exchange(http, own, organization=SUNRISE)
        assert by_name.status == 400
        assert by_name.json()["error_description"] == (
            "parameter organization must be an organization id")
        by_id = exchange(http, own, organization=org_id(app, SUNRISE))
        claims = claims_of(http, by_id.json()["access_token"])
        assert claims["org_id"] == org_id(app, SUNRISE) and "org_name" not in claims
    finally:
        dispose(app)


def test_a_restart_keeps_run_time_associations_and_the_files_own_theirs(tmp_path, mail_sink):
    """Grants are redeployed from the files on every start (same ids); an organization made
    at run time keeps its associations, one of the files gets exactly what they list."""
    (tmp_path / "restart").mkdir()
    settings = tenant_overrides(tmp_path / "restart", **mail_sink.tenant_settings())
    app = create_app(settings)
    with app.extensions["mock_idp.db"]() as db:
        grant = db.scalar(select(ClientGrant).join(Client).where(Client.name == SYNC))
        lagoon = organizations.find(db, LAGOON)
        db.add(Organization(id="org_provisioned0002", name="alpine-escapes", created_at=0,
                            org_metadata={}, branding={}))
        db.flush()
        db.add(OrganizationClientGrant(organization_id="org_provisioned0002", grant_id=grant.id))
        db.add(OrganizationClientGrant(organization_id=lagoon.id, grant_id=grant.id))
        db.commit()
        grant_id, lagoon_id = grant.id, lagoon.id
    dispose(app)
    app = create_app(settings)
    try:
        with app.extensions["mock_idp.db"]() as db:
            assert db.get(OrganizationClientGrant, ("org_provisioned0002", grant_id))
            assert db.get(OrganizationClientGrant, (lagoon_id, grant_id)) is None
            sunrise = organizations.find(db, SUNRISE)
            assert db.get(OrganizationClientGrant, (sunrise.id, grant_id))
    finally:
        dispose(app)
