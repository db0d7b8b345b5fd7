"""Provisioning an organization from the console against a live mock tenant: one action makes
it all; when the tenant refuses a step for real the record says so, and resuming completes it
without a second organization."""

from __future__ import annotations

import re
import secrets

import pytest

from mock_idp.models import Connection
from tests.support.console import ADA

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2b.phase1.qa.mock-testing")]
NEW_ORG = "b2b.phase1.provisioning.new-organization"
DB = "Username-Password-Authentication"


def form(name: str, **changes) -> dict:
    return {"name": name, "display_name": f"Agency {name}", "logo_url": "",
            "primary_color": "#2b8a3e", "page_background": "#ebfbee", "tier": "gold",
            "region": "amer", "connection": DB, "admin_email": f"boss@{name}.example",
            "admin_mode": "create", **changes}


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(3)}"


def step_states(page) -> dict[str, str]:
    return dict(re.findall(r'data-step="([^"]+)" data-state="([^"]+)"', page.text))


def status(page) -> str:
    return re.search(r'id="provisioning-status" data-status="([^"]+)"', page.text).group(1)


def orgs_named(console, name: str) -> list[dict]:
    listed = console.mgmt("GET", "/organizations", params={"per_page": 100}).json()
    return [org for org in listed if org["name"] == name]


@pytest.fixture(scope="module")
def ada(console):
    return console.log_in(ADA)


@pytest.mark.scenario(NEW_ORG)
def test_one_action_provisions_the_organization_and_its_first_admin(console, ada):
    name = unique("harbor")
    answer = ada.submit("/organizations", form(name))
    assert answer.status_code == 302
    page = ada.page(answer.headers["Location"])
    assert status(page) == "completed" and set(step_states(page).values()) == {"done"}
    (org,) = orgs_named(console, name)
    assert org["display_name"] == f"Agency {name}"
    assert org["branding"]["colors"] == {"primary": "#2b8a3e", "page_background": "#ebfbee"}
    assert org["metadata"]["tier"] == "gold" and org["metadata"]["region"] == "amer"
    enabled = console.mgmt("GET", f"/organizations/{org['id']}/enabled_connections").json()
    assert [(c["connection"]["name"], c["assign_membership_on_login"]) for c in enabled] == [
        (DB, False)]
    admin_id = console.user_id(f"boss@{name}.example")
    roles = console.mgmt("GET", f"/organizations/{org['id']}/members/{admin_id}/roles").json()
    assert [role["name"] for role in roles] == ["org-admin"]
    assert console.target.outbox(to=f"boss@{name}.example", template="reset_email")
    listing = ada.page("/organizations")
    assert f'data-org-name="{name}"' in listing.text and org["id"] in listing.text


@pytest.mark.scenario(NEW_ORG)
def test_a_refused_step_leaves_a_record_that_resuming_completes_without_a_duplicate(
        console, ada):
    name = unique("reef")
    console.fault("POST", "/api/v2/organizations/*/enabled_connections", status=429)
    answer = ada.submit("/organizations", form(name, admin_mode="invite"))
    page = ada.page(answer.headers["Location"])
    assert status(page) == "failed"
    assert step_states(page) == {"create_organization": "done", "enable_connection": "failed",
                                 "first_admin": "pending", "notify_admin": "pending"}
    assert "The tenant refused the request (HTTP 429)" in page.text
    assert 'id="resume-button"' in page.text
    (org,) = orgs_named(console, name)  # made once, and recorded
    assert org["id"] in page.text

    # Provisioning the same name again resumes the record instead of making a second org.
    again = ada.submit("/organizations", form(name, admin_mode="invite"))
    assert again.headers["Location"] == answer.headers["Location"]
    done = ada.page(again.headers["Location"])
    assert status(done) == "completed" and "attempts: 2" in done.text
    assert len(orgs_named(console, name)) == 1
    invitations = console.mgmt("GET", f"/organizations/{org['id']}/invitations").json()
    assert [i["invitee"]["email"] for i in invitations] == [f"boss@{name}.example"]
    role_ids = {r["name"]: r["id"] for r in console.mgmt("GET", "/roles").json()}
    assert invitations[0]["roles"] == [role_ids["org-admin"]]


def test_the_resume_button_finishes_a_record_after_a_failed_admin_step(console, ada):
    name = unique("dune")
    console.fault("POST", "/api/v2/users", status=503)
    first = ada.submit("/organizations", form(name))
    assert status(ada.page(first.headers["Location"])) == "failed"
    record = first.headers["Location"].rsplit("/", 1)[1]
    resumed = ada.submit(f"/provisioning/{record}/retry")
    page = ada.page(resumed.headers["Location"])
    assert status(page) == "completed" and len(orgs_named(console, name)) == 1
    audit = ada.page(f"/audit?target={record}").text
    assert audit.count('data-outcome="failed"') == 1 and audit.count('data-outcome="allowed"') == 1


def test_an_existing_organization_of_that_name_is_left_alone(console, ada):
    answer = ada.submit("/organizations", form("sunrise-travel"))
    page = ada.page(answer.headers["Location"])
    assert status(page) == "failed" and "was not made by this provisioning" in page.text
    (sunrise,) = orgs_named(console, "sunrise-travel")
    assert "provisioning_id" not in sunrise["metadata"]


def test_a_completed_organization_is_not_provisioned_twice(console, ada):
    name = unique("cove")
    first = ada.submit("/organizations", form(name))
    second = ada.submit("/organizations", form(name, display_name="Other"))
    assert second.headers["Location"] == first.headers["Location"]
    assert "provisioned already" in ada.page(second.headers["Location"]).text
    assert len(orgs_named(console, name)) == 1


def test_bad_input_is_answered_field_by_field_and_records_nothing(console, ada):
    before = ada.page("/organizations").text.count("data-org-name=")
    answer = ada.submit("/organizations", form("Not A Name", primary_color="red",
                                               connection="Travel0-Operators"))
    assert answer.status_code == 400
    for field in ("name", "primary_color", "connection"):
        assert f'id="{field}-error"' in answer.text
    assert ada.page("/organizations").text.count("data-org-name=") == before


@pytest.fixture(scope="module")
def enterprise_connection(console) -> str:
    """An OIDC connection in the tenant's store. The mock's Management API creates database
    connections only (the enterprise ones come with the `acme` tenant work), so this one is
    put in place the way the tenant files would seed it."""
    with console.target.app.app_context():
        db = console.target.app.extensions["mock_idp.db"]()
        db.add(Connection(id="con_globexoidc00001", name="globex-idp", strategy="oidc",
                          options={"discovery_url": "https://idp.globex.example/"},
                          enabled_clients=[]))
        db.commit()
        db.close()
    return "globex-idp"


@pytest.mark.scenario(NEW_ORG)
def test_an_enterprise_connection_is_offered_and_its_members_join_on_login(
        console, ada, enterprise_connection):
    assert "globex-idp (enterprise: oidc)" in ada.page("/organizations/new").text
    name = unique("globex")
    refused = ada.submit("/organizations", form(name, connection=enterprise_connection))
    assert refused.status_code == 400 and 'id="admin_mode-error"' in refused.text
    answer = ada.submit("/organizations", form(name, connection=enterprise_connection,
                                               admin_mode="invite"))
    assert status(ada.page(answer.headers["Location"])) == "completed"
    (org,) = orgs_named(console, name)
    enabled = console.mgmt("GET", f"/organizations/{org['id']}/enabled_connections").json()
    assert [(c["connection_id"], c["assign_membership_on_login"]) for c in enabled] == [
        ("con_globexoidc00001", True)]
    (invitation,) = console.mgmt("GET", f"/organizations/{org['id']}/invitations").json()
    assert invitation["connection_id"] == "con_globexoidc00001"
