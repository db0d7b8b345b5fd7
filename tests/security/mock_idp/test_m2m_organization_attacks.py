"""Organizations for M2M access under attack: a partner integration reaching for another
organization, malformed or repeated ``organization`` parameters, and a token of one
organization replayed on another organization's API URL. Real tokens from the tenant, the
real API verifying them (its JWKS fetched from the tenant in-process)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from api import create_app as create_api
from mock_idp import organizations
from tests.support.orgs import LAGOON, SUNRISE
from tests.support.tenant import AUDIENCE

pytestmark = pytest.mark.security
M2M = "b2b.phase2.authorization.m2m"
SYNC = "Sunrise Booking Sync"


def form(clients, client: str = SYNC, **extra) -> MultiDict:
    found = clients[client]
    return MultiDict([("grant_type", "client_credentials"), ("client_id", found["client_id"]),
                      ("client_secret", found["client_secret"]), ("audience", AUDIENCE),
                      *extra.items()])


def org_id(tenant_app, name: str) -> str:
    with tenant_app.extensions["mock_idp.db"]() as db:
        return organizations.find(db, name).id


@pytest.fixture
def api(tenant_app, http, tmp_path):
    """The Travel0 API trusting this tenant: its issuer, its keys."""
    issuer = tenant_app.config["ISSUER"]
    app = create_api({"AUTH0_DOMAIN": issuer, "AUDIENCE": AUDIENCE, "TESTING": True,
                      "DATABASE_URL": f"sqlite:///{tmp_path}/api.db",
                      "JWKS_FETCH": lambda _url: http.get("/.well-known/jwks.json").json()})
    yield app.test_client()
    app.extensions["api.db"].dispose()


@pytest.mark.scenario(M2M)
def test_a_token_for_one_organization_cannot_reach_another_organizations_bookings(
        http, clients, tenant_app, api):
    token = http.post("/oauth/token", data=form(clients, organization=SUNRISE)).json()[
        "access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    sunrise, lagoon = org_id(tenant_app, SUNRISE), org_id(tenant_app, LAGOON)
    made = api.post(f"/api/orgs/{sunrise}/bookings", headers=auth,
                    json={"destination": "Porto", "travellers": 2})
    assert made.status_code == 201 and made.get_json()["org_id"] == sunrise
    for method, path in (("GET", f"/api/orgs/{lagoon}/bookings"),
                         ("POST", f"/api/orgs/{lagoon}/bookings"),
                         ("GET", f"/api/orgs/{lagoon}/bookings/{made.get_json()['id']}")):
        answer = api.open(path, method=method, headers=auth,
                          json={"destination": "Bali", "travellers": 1})
        assert answer.status_code == 403, (method, path)
        assert answer.get_json()["error"] == "access_denied"
    plain = http.post("/oauth/token", data=form(clients, client="Travel0 Reports")).json()
    no_org = api.get(f"/api/orgs/{sunrise}/bookings",
                     headers={"Authorization": f"Bearer {plain['access_token']}"})
    assert no_org.status_code == 403, "an M2M token without org_id reaches no organization"


@pytest.mark.scenario(M2M)
@pytest.mark.parametrize("organization", [LAGOON, "org_0000000000000000", "coral-cruises",
                                          "SUNRISE-TRAVEL ", "sunrise-travel\"", "sunrise–travel"])
def test_an_organization_the_grant_may_not_use_is_refused_without_a_500(http, clients,
                                                                        organization):
    answer = http.post("/oauth/token", data=form(clients, organization=organization))
    assert answer.status == 403
    assert answer.json()["error"] == "access_denied"
    assert "access_token" not in answer.json()


@pytest.mark.scenario(M2M)
def test_a_repeated_organization_parameter_is_refused(http, clients):
    """Two values must not let the tenant check one and sign the other."""
    repeated = form(clients, organization=SUNRISE)
    repeated.add("organization", LAGOON)
    answer = http.post("/oauth/token", data=repeated)
    assert answer.status == 400
    assert answer.json() == {"error": "invalid_request", "error_description":
                             "parameter organization must be sent at most once"}


@pytest.mark.parametrize("value,description", [
    ({"id": "org_x"}, "parameter organization must be a string"),
    (["sunrise-travel"], "parameter organization must be a string"),
    (7, "parameter organization must be a string"),
    ("s" * 65, "parameter organization is too long"),
])
def test_a_malformed_organization_parameter_is_a_clear_error(http, clients, value, description):
    body = form(clients).to_dict()
    body["organization"] = value
    answer = http.post("/oauth/token", json=body)
    assert answer.status == 400
    assert answer.json() == {"error": "invalid_request", "error_description": description}


def test_a_client_whose_grant_denies_organizations_gets_no_org_token(http, clients):
    answer = http.post("/oauth/token", data=form(clients, client="Travel0 Reports",
                                                 organization=SUNRISE))
    assert answer.status == 400 and answer.json()["error"] == "invalid_request"
