"""The console trusts nothing but a verified console access token, and re-reads the roles in it
on every request: against a fake tenant that hands out the tokens a test asks for."""

from __future__ import annotations

import pytest

from apps.admin import create_app
from tests.mock.b2c.support import authorize, dispose, start_login
from tests.support.fake_idp import FakeIdP

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2b.phase1.profile.admin-portal")]
CONSOLE = "https://console.travel0.example/"
ROLES = "https://travel0.example/roles"


@pytest.fixture
def idp():
    fake = FakeIdP(audience=CONSOLE, permissions=[])
    fake.access_token_claims = {ROLES: ["admin"]}
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def client(idp, tmp_path):
    app = create_app({
        "AUTH0_DOMAIN": idp.url, "AUTH0_CLIENT_ID": idp.client_id,
        "AUTH0_CLIENT_SECRET": idp.client_secret, "BASE_URL": "http://localhost:5002",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'admin.db'}", "SECRET_KEY": "test",
        "PORTAL_CLIENT_ID": "partners", "MGMT_CLIENT_ID": "unused", "MGMT_CLIENT_SECRET": "x"})
    yield app.test_client()
    dispose(app)
    app.extensions["admin.db"].dispose()


def log_in(client) -> None:
    authorize_url, _ = start_login(client)
    assert client.get(authorize(authorize_url)).status_code == 302


def test_roles_are_read_from_the_current_token_on_every_request(idp, client):
    idp.access_token_ttl = 5  # inside the refresh margin: each request refreshes first
    log_in(client)
    assert client.get("/audit").status_code == 200
    idp.access_token_claims = {ROLES: ["support"]}  # the tenant took the admin role away
    assert client.get("/audit").status_code == 403  # no new login needed to lose it
    idp.access_token_claims = {ROLES: ["auditor"]}
    assert client.get("/audit").status_code == 200


@pytest.mark.parametrize(("claims", "audience", "status"), [
    ({ROLES: ["admin"], "org_id": "org_sunrise"}, CONSOLE, 401),  # an organization login
    ({ROLES: ["admin"]}, "https://api.cookbook.local/", 401),  # a token for another API
    ({ROLES: ["admin"], "iss": "https://evil.example/"}, CONSOLE, 401),
    ({ROLES: "admin"}, CONSOLE, 403),  # a claim of the wrong shape grants no role
], ids=["org-token", "other-audience", "other-issuer", "roles-not-a-list"])
def test_tokens_that_do_not_prove_an_operator_grant_nothing(idp, client, claims, audience,
                                                            status):
    idp.access_token_claims, idp.audience = claims, audience
    log_in(client)
    assert client.get("/audit").status_code == status
    if status == 401:  # the session is dropped: the next page asks for a login
        assert client.get("/audit").status_code == 302
