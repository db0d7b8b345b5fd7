"""An organization created through the Management API with hostile branding: colours that
would close the page's <style>, a logo URL that would leave its attribute, markup in the
display name and metadata. The login page still renders, in the tenant's colours and logo,
and every value shows as inert text."""

from __future__ import annotations

import pytest

from tests.support.accounts import management_token
from tests.support.orgs import partners_flow

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2b.phase1.branding.login-by-organization")]
SCRIPT = "<script>alert(1)</script>"


def create_org(http, clients, branding: dict) -> dict:
    token = management_token(http, clients)
    headers = {"Authorization": f"Bearer {token}"}
    connection = http.get("/api/v2/connections", params={"name": "Username-Password-Authentication"},
                          headers=headers).json()[0]
    created = http.client.post("/api/v2/organizations", headers=headers, json={
        "name": "hostile-agency", "display_name": SCRIPT, "branding": branding,
        "metadata": {"note": SCRIPT},
        "enabled_connections": [{"connection_id": connection["id"]}]})
    assert created.status_code == 201, created.get_data(as_text=True)
    return created.get_json()


@pytest.mark.parametrize("branding", [
    {"logo_url": 'https://x.example/a.png"onerror="alert(1)',
     "colors": {"primary": "</style", "page_background": "red;}*{"}},
    {"logo_url": "https://x.example/<script>.png",
     "colors": {"primary": "#12345", "page_background": "#0000zz"}},
], ids=["break-out", "almost-valid"])
def test_hostile_branding_falls_back_to_the_tenants(http, clients, branding):
    org = create_org(http, clients, branding)
    page = http.get(partners_flow(http, clients).authorize(organization=org["id"]).location)
    assert page.status == 200
    assert "--primary: #0a7c6b;" in page.text and "--page: #dff1ec;" in page.text
    assert "travel0-logo.svg" in page.text and "x.example" not in page.text
    assert "</style" not in page.text.split("</style>")[0].split("<style")[-1]
    assert "onerror" not in page.text and SCRIPT not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text  # the display name, as text


def test_a_javascript_logo_never_reaches_the_page_even_if_stored(http, clients, tenant_app):
    """The API refuses non-https logos; one already stored (an older import) is ignored."""
    org = create_org(http, clients, {"colors": {"primary": "#abcdef", "page_background": "#fff"}})
    from mock_idp.models import Organization

    with tenant_app.extensions["mock_idp.db"]() as db:
        db.get(Organization, org["id"]).branding = {
            "logo_url": "javascript:alert(1)", "colors": {"primary": "#abcdef",
                                                          "page_background": "#fff"}}
        db.commit()
    page = http.get(partners_flow(http, clients).authorize(organization=org["id"]).location)
    assert page.status == 200 and "javascript:" not in page.text
    assert "--primary: #abcdef;" in page.text and "travel0-logo.svg" in page.text
