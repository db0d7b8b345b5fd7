"""Custom domains: the tenant answers on its custom domain with that domain as issuer, and
accepts or refuses tokens of its other domain exactly where Auth0 does."""

from __future__ import annotations

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from mock_idp import create_app
from mock_idp.db import dispose
from mock_idp.tenant import TenantFileError
from tests.support.accounts import management_token, request_reset
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp, _path
from tests.support.tenant import AUDIENCE, JANE, demo_password

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.architecture.custom-domains"),
              pytest.mark.scenario("b2b.phase1.architecture.custom-domains")]
CANONICAL = "http://127.0.0.1:4000/"
CUSTOM = "http://localhost:4001/"
CALLBACK = "http://localhost:5000/callback"


class HostHttp(FlaskHttp):
    """The test client speaking to one host of the tenant (sets ``Host`` like a browser)."""

    def __init__(self, client, base: str):
        super().__init__(client)
        self.base = base.rstrip("/")

    def get(self, url: str, params=None, headers=None):
        return self._wrap(self.client.get(_path(url), query_string=params, headers=headers,
                                          base_url=self.base))

    def post(self, url: str, data=None, json=None, headers=None):
        return self._wrap(self.client.post(_path(url), data=data, json=json, headers=headers,
                                           base_url=self.base))


@pytest.fixture
def tenant(tmp_path):
    domains = [{"domain": CUSTOM.rstrip("/"), "type": "auth0_managed_certs"}]
    app = create_app(tenant_overrides(tmp_path, KEYWORDS={"CUSTOM_DOMAINS": domains}))
    yield app
    dispose(app)


@pytest.fixture
def canonical(tenant):
    return HostHttp(tenant.test_client(), CANONICAL)


@pytest.fixture
def custom(tenant):
    return HostHttp(tenant.test_client(), CUSTOM)


@pytest.fixture
def clients(canonical) -> dict:
    return {client["name"]: client for client in canonical.get("/_cookbook/clients").json()}


def claims_of(http, token: str) -> dict:
    keys = KeySet.import_key_set(http.get("/.well-known/jwks.json").json())
    return jwt.decode(token, keys, algorithms=["RS256"]).claims


def login(http, clients, **extra) -> dict:
    web = clients["Travel0 Web"]
    flow = CodeFlow(http, web["client_id"], CALLBACK, web["client_secret"])
    return flow.login(JANE, demo_password(JANE), **extra)


def test_each_domain_describes_itself_in_discovery(canonical, custom):
    for http, issuer in ((canonical, CANONICAL), (custom, CUSTOM)):
        document = http.get("/.well-known/openid-configuration").json()
        assert document["issuer"] == issuer
        assert document["authorization_endpoint"] == issuer + "authorize"
        assert document["jwks_uri"] == issuer + ".well-known/jwks.json"


def test_an_unknown_host_gets_the_canonical_issuer_not_one_from_the_header(tenant):
    spoofed = HostHttp(tenant.test_client(), "http://evil.example")
    assert spoofed.get("/.well-known/openid-configuration").json()["issuer"] == CANONICAL


def test_login_on_the_custom_domain_issues_tokens_with_the_custom_issuer(custom, clients):
    tokens = login(custom, clients, audience=AUDIENCE, scope="openid profile email read:orders")
    id_claims = claims_of(custom, tokens["id_token"])
    access = claims_of(custom, tokens["access_token"])
    assert id_claims["iss"] == access["iss"] == CUSTOM
    assert access["aud"] == [AUDIENCE, CUSTOM + "userinfo"]


def test_login_on_the_canonical_domain_keeps_the_canonical_issuer(canonical, clients):
    tokens = login(canonical, clients)
    assert claims_of(canonical, tokens["id_token"])["iss"] == CANONICAL


def test_userinfo_accepts_tokens_of_either_domain(canonical, custom, clients):
    from_canonical = login(canonical, clients, audience=AUDIENCE)["access_token"]
    from_custom = login(custom, clients, audience=AUDIENCE)["access_token"]
    for http in (canonical, custom):
        for token in (from_canonical, from_custom):
            answer = http.get("/userinfo", headers={"Authorization": f"Bearer {token}"})
            assert answer.status == 200, answer.text
            assert answer.json()["email"] == JANE


def test_management_api_audience_stays_canonical(canonical, custom, clients):
    refused = custom.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": clients["Travel0 Management"]["client_id"],
        "client_secret": clients["Travel0 Management"]["client_secret"],
        "audience": CUSTOM + "api/v2/"})
    assert refused.status in (400, 403) and refused.json()["error"] == "access_denied"
    minted_on_custom = management_token(custom, clients, issuer=CANONICAL)
    assert claims_of(custom, minted_on_custom)["iss"] == CUSTOM


def test_management_api_token_from_the_custom_domain_works_only_there(canonical, custom, clients):
    token = {"Authorization": f"Bearer {management_token(custom, clients, issuer=CANONICAL)}"}
    assert custom.get("/api/v2/users?per_page=1", headers=token).status == 200
    refused = canonical.get("/api/v2/users?per_page=1", headers=token)
    assert refused.status == 401 and refused.json()["message"] == "Invalid token"


def test_management_api_token_from_the_canonical_domain_works_on_both(canonical, custom, clients):
    token = {"Authorization": f"Bearer {management_token(canonical, clients)}"}
    for http in (canonical, custom):
        assert http.get("/api/v2/users?per_page=1", headers=token).status == 200


def test_email_links_use_the_custom_domain(canonical):
    assert request_reset(canonical, JANE).status == 200
    sent = canonical.get("/_cookbook/outbox", params={"to": JANE}).json()
    assert sent and sent[0]["data"]["url"].startswith(CUSTOM + "u/reset-password?ticket=")


def test_an_invalid_custom_domain_is_reported_with_its_place(tmp_path):
    bad = [{"domain": "http://localhost:4001/some/path"}]
    with pytest.raises(TenantFileError) as raised:
        create_app(tenant_overrides(tmp_path, KEYWORDS={"CUSTOM_DOMAINS": bad}))
    assert "customDomains[0].domain" in str(raised.value)


def test_duplicate_custom_domains_are_refused(tmp_path):
    twice = [{"domain": "login.travel0.example"}] * 2
    with pytest.raises(TenantFileError, match="duplicate domain"):
        create_app(tenant_overrides(tmp_path, KEYWORDS={"CUSTOM_DOMAINS": twice}))
