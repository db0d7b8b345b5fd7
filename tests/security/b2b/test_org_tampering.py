"""Organization ids in the B2B app's URLs are never trusted: the page's organization must be
the one of the member's token, and the API checks the access token's ``org_id`` again."""

from __future__ import annotations

import pytest

from tests.mock.b2b.support import ACME, GLOBEX, sign_in
from tests.mock.b2c.support import csrf_token

pytestmark = pytest.mark.scenario("b2b.phase1.authentication.application-integration")


@pytest.mark.parametrize("method, path", [
    ("get", "/bookings"), ("post", "/bookings"), ("post", "/bookings/1/cancel")])
def test_another_organizations_id_in_the_url_is_refused(client, fake_idp, method, path):
    sign_in(client, fake_idp, ACME)
    token = csrf_token(client, f"/orgs/{ACME['id']}/bookings")
    response = getattr(client, method)(f"/orgs/{GLOBEX['id']}{path}", data={
        "destination": "Injected", "travellers": "1", "csrf_token": token})
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert 'data-error="organization_mismatch"' in page
    assert f'href="/organizations/{GLOBEX["id"]}/switch"' in page  # the honest way there
    sign_in(client, fake_idp, GLOBEX)
    assert "Injected" not in client.get(f"/orgs/{GLOBEX['id']}/bookings").get_data(as_text=True)


@pytest.mark.parametrize("bogus", ["org_", "ORG_X", "not-an-org", "org_" + "a" * 80])
def test_malformed_org_ids_get_a_plain_error_and_no_switch_link(client, fake_idp, bogus):
    sign_in(client, fake_idp, ACME)
    response = client.get(f"/orgs/{bogus}/bookings")
    assert response.status_code == 403
    assert "switch-org-link" not in response.get_data(as_text=True)
    assert client.get(f"/organizations/{bogus}/switch").status_code == 404


def test_an_org_logo_that_is_not_a_web_url_is_dropped(client, fake_idp, fake_mgmt):
    fake_mgmt.organizations[ACME["id"]] = {
        **ACME, "display_name": "<script>alert(1)</script>",
        "branding": {"logo_url": "javascript:alert(1)",
                     "colors": {"primary": "#fff;}</style><script>", "page_background": "#fff"}}}
    sign_in(client, fake_idp, ACME)
    page = client.get(f"/orgs/{ACME['id']}/bookings").get_data(as_text=True)
    assert "<script>" not in page and "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
