"""Attacks on enterprise login and home realm discovery.

Look-alike email domains must never be sent to Acme's IdP; ``/login/callback`` must refuse a
forged, reused or foreign ``state``; an upstream ID token with the wrong audience, issuer,
nonce or signature must never become a Travel0 session; and an enterprise user cannot use
an organization that does not enable their connection.
"""

from __future__ import annotations

import pytest

from tests.support.acme import ACME_ORG, ALICE, acme_login, acme_password, start_federation
from tests.support.fake_idp import FakeIdP
from tests.support.flows import hidden_fields, query_of
from tests.support.orgs import SUNRISE, partners_flow
from tests.support.tokens import TokenMinter

pytestmark = pytest.mark.security
HRD = "b2b.phase1.authentication.home-realm-discovery"
HRD2 = "b2b.phase2.authentication.home-realm-discovery"
ENTERPRISE = "b2b.phase2.authentication.enterprise-login"


@pytest.fixture(scope="module")
def fed(tmp_path_factory):
    running = start_federation(tmp_path_factory.mktemp("federation"))
    yield running
    running.stop()


def clients_of(http) -> dict:
    return {client["name"]: client for client in http.get("/_cookbook/clients").json()}


def identifier_step(fed, email: str, **params):
    """Type ``email`` at Travel0 Partners' identifier prompt; the tenant's answer."""
    http = fed.browser()
    flow = partners_flow(http, clients_of(http))
    page_url = flow.authorize(**params).location
    assert "/u/login/identifier" in page_url, page_url
    page = http.get(page_url)
    return http.post("/u/login/identifier", data={**hidden_fields(page.text), "username": email,
                                                  "action": "default"})


@pytest.mark.scenario(HRD)
@pytest.mark.scenario(HRD2)
@pytest.mark.parametrize("email", [
    "mallory@acme.test.evil.example",  # the alias as a prefix of another domain
    "mallory@evilacme.test",  # the alias as a suffix
    "mallory@sub.acme.test",  # a subdomain is another domain
    "mallory@acme.tes",  # one letter short
    "mallory@acme.test.",  # trailing dot
    "mallory@\u0430cme.test",  # Cyrillic a
    "mallory@acme.te\u0455t",  # Cyrillic dze for s
    "mallory@\uff41cme.test",  # fullwidth a (NFKC would turn it into "a")
    "mallory@acme.test\u200b",  # zero-width space
    "a@b@acme.test",  # two @: no single domain
    "@acme.test",  # no local part
    "acme.test",  # no @ at all
])
def test_look_alike_domains_go_to_the_password_step_not_to_acme(fed, email):
    answer = identifier_step(fed, email)
    assert answer.status == 302, answer.text[:300]
    assert "/u/login/password" in answer.location
    assert not answer.location.startswith(fed.acme_url)


@pytest.mark.scenario(HRD)
@pytest.mark.parametrize("email", ["alice@acme.test", "Alice@ACME.test", "  alice@acme.test "])
def test_the_alias_itself_in_any_case_goes_to_acme(fed, email):
    answer = identifier_step(fed, email)
    assert answer.status == 302 and answer.location.startswith(fed.acme_url + "/authorize")
    assert query_of(answer.location)["login_hint"] == email.strip()


@pytest.mark.scenario(HRD)
def test_discovery_only_offers_connections_of_the_organization_being_logged_in_to(fed):
    """Sunrise Travel does not enable acme: an Acme email there stays with Sunrise's database."""
    answer = identifier_step(fed, ALICE, organization=SUNRISE)
    assert answer.status == 302 and "/u/login/password" in answer.location


def started_upstream(fed):
    """A login sent to Acme; the browser, the flow and Acme's /authorize URL."""
    http = fed.browser()
    flow = partners_flow(http, clients_of(http))
    first = flow.authorize(organization=ACME_ORG, connection="acme")
    assert first.location.startswith(fed.acme_url)
    return http, flow, first.location


@pytest.mark.scenario(ENTERPRISE)
def test_callback_refuses_unknown_missing_and_reused_state(fed):
    http, _flow, upstream = started_upstream(fed)
    for params in ({}, {"state": "forged", "code": "x"}, {"state": "x" * 500, "code": "x"}):
        page = http.get("/login/callback", params=params)
        assert page.status == 400 and "no longer valid" in page.text
    back = acme_login(http, upstream, ALICE, acme_password(ALICE))
    assert http.get(back.location).status == 302
    replay = http.get(back.location)  # the same state (and code) a second time
    assert replay.status == 400 and "no longer valid" in replay.text


@pytest.mark.scenario(ENTERPRISE)
def test_callback_refuses_a_state_started_in_another_browser(fed):
    victim, _flow, upstream = started_upstream(fed)
    attacker = fed.browser()
    page = attacker.get("/login/callback", params={"state": query_of(upstream)["state"],
                                                   "code": "stolen"})
    assert page.status == 403 and "another browser" in page.text
    back = acme_login(victim, upstream, ALICE, acme_password(ALICE))
    assert victim.get(back.location).status == 302  # the victim's own login still works


@pytest.mark.scenario(ENTERPRISE)
def test_an_enterprise_user_cannot_use_an_organization_without_the_connection(fed):
    http = fed.browser()
    flow = partners_flow(http, clients_of(http))
    answer = flow.authorize(organization=SUNRISE, connection="acme")
    result = query_of(answer.location)
    assert result["error"] == "access_denied" and "not enabled" in result["error_description"]
    assert "code" not in result


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The main tenant federated with a fake IdP the test steers (bad tokens on demand)."""
    idp = FakeIdP().start()
    fed = start_federation(tmp_path_factory.mktemp("hostile"), KEYWORDS={
        "ACME_DISCOVERY_URL": idp.url + "/.well-known/openid-configuration",
        "ACME_OIDC_CLIENT_ID": idp.client_id, "ACME_OIDC_CLIENT_SECRET": idp.client_secret})
    yield fed, idp
    fed.stop()
    idp.stop()


def round_trip(fed):
    """Through the fake IdP (which answers at once with a code) back to the tenant."""
    http = fed.browser()
    flow = partners_flow(http, clients_of(http))
    upstream = flow.authorize(organization=ACME_ORG, connection="acme").location
    back = http.get(upstream)
    assert back.location.startswith(fed.main_url + "/login/callback"), back.location
    return flow, http.get(back.location)


OTHER_KEY = TokenMinter()


@pytest.mark.scenario(ENTERPRISE)
@pytest.mark.parametrize("case", ["audience", "issuer", "nonce", "signature", "alg-none",
                                  "tampered", "expired"])
def test_a_bad_upstream_id_token_never_becomes_a_login(hostile, case):
    fed, idp = hostile

    def factory(nonce):
        good = {"sub": "acme-evil", "email": "eve@acme.test", "nonce": nonce}
        if case == "audience":
            return idp.minter.id_token("someone-else", **good)
        if case == "issuer":
            return idp.minter.id_token(idp.client_id, **{**good, "iss": "https://evil.example/"})
        if case == "nonce":
            return idp.minter.id_token(idp.client_id, **{**good, "nonce": "replayed"})
        if case == "signature":
            return OTHER_KEY.id_token(idp.client_id, **{**good, "iss": idp.issuer})
        if case == "alg-none":
            return idp.minter.unsigned({**good, "iss": idp.issuer, "aud": idp.client_id})
        if case == "expired":
            return idp.minter.id_token(idp.client_id, **{**good, "exp": 1000, "iat": 900})
        return TokenMinter.tamper(idp.minter.id_token(idp.client_id, **good), sub="admin")

    idp.id_token_factory = factory
    try:
        flow, answer = round_trip(fed)
    finally:
        idp.id_token_factory = None
    assert answer.status == 302 and answer.location.startswith(flow.redirect_uri)
    result = query_of(answer.location)
    assert result["error"] == "access_denied" and "code" not in result
    assert "ID token" in result["error_description"]
    users = fed.browser().get("/_cookbook/logs", params={"type": "f"}).json()
    assert users[0]["connection"] == "acme"


@pytest.mark.scenario(ENTERPRISE)
def test_an_idp_refusing_the_code_is_an_error_for_the_app(hostile):
    fed, idp = hostile
    idp.fail_next = {"error": "invalid_grant", "error_description": "Invalid authorization code"}
    _flow, answer = round_trip(fed)
    result = query_of(answer.location)
    assert result["error"] == "access_denied" and "refused the code" in result["error_description"]


@pytest.mark.scenario(ENTERPRISE)
def test_a_good_token_from_the_same_fake_idp_is_accepted(hostile):
    """The control case: the checks above fail for their reason, not because of the set-up."""
    fed, idp = hostile
    idp.user = {**idp.user, "sub": "acme-good", "email": "good@acme.test"}
    _flow, answer = round_trip(fed)
    assert "code" in query_of(answer.location), answer.location
