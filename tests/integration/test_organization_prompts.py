"""Organization logins in a real browser: the Travel0 Partners client requires an
organization and lets a member of several pick one after logging in. The B2B app comes
later, so nothing answers its callback: the test reads the code from the browser's request
to the callback and redeems it as the app's back end would."""

from __future__ import annotations

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import KeySet
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support.flows import pkce_pair, query_of
from tests.support.orgs import DANA, LAGOON, PARTNERS, PARTNERS_CALLBACK, SUNRISE

pytestmark = pytest.mark.integration


class PartnersApp:
    """Just enough of a B2B app: start a login, read the callback, redeem the code."""

    def __init__(self, page, stack):
        self.page, self.stack = page, stack
        self.client_id, self.secret = stack.target.credentials(PARTNERS)
        self.verifier, self.challenge = pkce_pair()

    def authorize_url(self, **extra) -> str:
        params = {"response_type": "code", "client_id": self.client_id,
                  "redirect_uri": PARTNERS_CALLBACK, "scope": "openid profile email",
                  "state": "partners-state", "nonce": "partners-nonce",
                  "code_challenge": self.challenge, "code_challenge_method": "S256", **extra}
        return requests.Request("GET", self.stack.tenant_url + "/authorize",
                                params=params).prepare().url

    def callback_after(self, action) -> str:
        """Run ``action`` (clicks, navigation) and return the callback URL it led to."""
        with self.page.expect_request(lambda r: r.url.startswith(PARTNERS_CALLBACK)) as sent:
            try:
                action()
            except PlaywrightError as exc:  # nothing listens on the app's port yet
                if "ERR_CONNECTION_REFUSED" not in str(exc):
                    raise
        return sent.value.url

    def id_token_claims(self, callback: str) -> dict:
        answer = query_of(callback)
        assert answer["state"] == "partners-state" and "code" in answer, answer
        token = requests.post(self.stack.tenant_url + "/oauth/token", timeout=10, data={
            "grant_type": "authorization_code", "code": answer["code"],
            "redirect_uri": PARTNERS_CALLBACK, "client_id": self.client_id,
            "client_secret": self.secret, "code_verifier": self.verifier}).json()
        keys = KeySet.import_key_set(requests.get(
            self.stack.tenant_url + "/.well-known/jwks.json", timeout=10).json())
        return jwt.decode(token["id_token"], keys, algorithms=["RS256"]).claims


def org_id(stack, name: str) -> str:
    client_id, secret = stack.target.credentials("Travel0 Management")
    token = requests.post(stack.tenant_url + "/oauth/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
        "audience": stack.tenant_url + "/api/v2/"}).json()["access_token"]
    answer = requests.get(f"{stack.tenant_url}/api/v2/organizations/name/{name}", timeout=10,
                          headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return answer.json()["id"]


@pytest.mark.scenario("b2b.phase1.authentication.universal-login")
@pytest.mark.scenario("b2b.phase1.provisioning.organization-users")
def test_a_shared_account_picks_its_agency_after_logging_in(page, stack, universal_login):
    app = PartnersApp(page, stack)
    page.goto(app.authorize_url())
    universal_login.log_in(DANA, stack.target.password(DANA))
    expect(page.get_by_role("heading", name="Choose an organization")).to_be_visible()
    expect(page.get_by_role("button", name="Sunrise Travel Agency")).to_be_visible()
    callback = app.callback_after(page.get_by_role("button", name="Blue Lagoon Tours").click)
    claims = app.id_token_claims(callback)
    assert claims["org_id"] == org_id(stack, LAGOON)
    assert claims["https://travel0.example/org_roles"] == ["org-admin"]
    # The other agency, from the same tenant session: no password, no picker.
    sunrise = app.authorize_url(organization=org_id(stack, SUNRISE))
    claims = app.id_token_claims(app.callback_after(lambda: page.goto(sunrise)))
    assert claims["org_id"] == org_id(stack, SUNRISE)
    assert claims["https://travel0.example/org_roles"] == ["org-member"]
