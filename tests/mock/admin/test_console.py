"""The operator console against a live mock tenant, driven over HTTP as a browser would:
operators log in through Universal Login, find users, act on them through the Management
API (auth0-python), and every action lands in the audit log."""

from __future__ import annotations

import re
import secrets

import pytest

from tests.support.console import ADA, ARI, NIA, SOL
from tests.support.orgs import BEN, DANA

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2b.phase1.qa.mock-testing")]
ADMIN_PORTAL = "b2b.phase1.profile.admin-portal"


def text_of(page, element_id: str) -> str:
    """The text of the element with ``element_id`` (tags inside it dropped)."""
    found = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', page.text, re.DOTALL)
    assert found, f"#{element_id} not on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(2))).strip()


def audit_rows(browser, reads: bool = False) -> list[tuple[str, str, str]]:
    """(action, outcome, target) of the audit page's rows, newest first (as an admin sees it);
    searches and page views (``users.read``) only with ``reads``."""
    page = browser.page("/audit")
    assert page.status_code == 200
    rows = re.findall(r'data-action="([^"]+)" data-outcome="([^"]+)">.*?<td><code>[^<]*</code></td>'
                      r'<td><code>([^<]*)</code></td>', page.text, re.DOTALL)
    return [row for row in rows if reads or row[0] != "users.read"]


def new_user(console, **fields) -> tuple[str, str]:
    email = f"care-{secrets.token_hex(4)}@example.com"
    answer = console.mgmt("POST", "/users", json={
        "connection": "Username-Password-Authentication", "email": email,
        "password": "Care-Demo-2026!x", "verify_email": False, **fields})
    assert answer.status_code == 201, answer.text
    return email, answer.json()["user_id"]


@pytest.fixture(scope="module")
def ada(console):
    return console.log_in(ADA)


@pytest.mark.scenario(ADMIN_PORTAL)
def test_each_operator_sees_their_roles_read_from_the_token(console, ada):
    assert text_of(ada.page("/"), "operator-roles") == "Your operator roles: admin."
    auditor = console.log_in(ARI)
    home = auditor.page("/")
    assert text_of(home, "operator-roles") == "Your operator roles: auditor."
    assert 'id="nav-audit"' in home.text and 'id="nav-users"' in home.text
    support = console.log_in(SOL)
    assert 'id="nav-audit"' not in support.page("/").text  # the UI hides what is refused


def test_a_staff_account_without_an_operator_role_gets_nothing(console):
    nia = console.log_in(NIA)
    assert 'id="no-operator-role"' in nia.page("/").text
    refused = nia.page("/users?q=ben")
    assert refused.status_code == 403 and "holds no operator role" in refused.text


@pytest.mark.scenario(ADMIN_PORTAL)
def test_search_takes_plain_words_or_lucene_and_reports_a_bad_query(ada):
    plain = ada.page("/users?q=sunrise-travel")
    assert plain.status_code == 200
    assert text_of(plain, "search-query") == "email:*sunrise-travel* OR name:*sunrise-travel*"
    assert "ana@sunrise-travel.example" in plain.text and BEN in plain.text
    exact = ada.page('/users?q=email:"ben@sunrise-travel.example"')
    assert text_of(exact, "search-summary").startswith("1 match")
    broken = ada.page("/users?q=email:(ben")
    assert broken.status_code == 400 and 'id="search-error"' in broken.text


@pytest.mark.scenario(ADMIN_PORTAL)
def test_a_user_page_shows_identities_organizations_roles_and_recent_logs(console, ada):
    dana = ada.page(f"/users/{console.user_id(DANA)}")
    assert dana.status_code == 200
    assert "Sunrise Travel Agency" in dana.text and "Blue Lagoon Tours" in dana.text
    assert "in Username-Password-Authentication" in dana.text
    me = ada.page(f"/users/{console.user_id(ADA)}")  # the operator's own logins are logged
    assert re.search(r'id="user-roles"><li>admin</li>', me.text)
    assert re.search(r"<td><code>s</code></td><td>[^<]*</td><td>Travel0 Operator Console", me.text)


@pytest.mark.scenario(ADMIN_PORTAL)
def test_support_blocks_and_unblocks_and_the_audit_log_says_so(console, ada):
    _, user_id = new_user(console)
    support = console.log_in(SOL)
    assert support.submit(f"/users/{user_id}/block").status_code == 302
    assert console.mgmt("GET", f"/users/{user_id}").json()["blocked"] is True
    page = support.page(f"/users/{user_id}")
    assert text_of(page, "user-status") == "Blocked" and 'id="unblock-button"' in page.text
    assert 'id="delete-button"' not in page.text  # support may not delete: not even shown
    assert support.submit(f"/users/{user_id}/unblock").status_code == 302
    assert console.mgmt("GET", f"/users/{user_id}").json()["blocked"] is False
    assert audit_rows(ada, reads=True)[1] == ("users.read", "allowed", user_id)  # the page view
    assert audit_rows(ada)[:2] == [("users.block", "allowed", user_id),
                                   ("users.block", "allowed", user_id)]


@pytest.mark.scenario(ADMIN_PORTAL)
def test_reset_and_verification_emails_go_to_the_user_not_the_operator(console):
    email, user_id = new_user(console)
    support = console.log_in(SOL)
    answer = support.submit(f"/users/{user_id}/password-reset")
    assert answer.status_code == 302
    (reset,) = console.target.outbox(to=email, template="reset_email")
    assert "/u/reset-password" in reset["html"]
    after = support.page(f"/users/{user_id}")
    assert "/u/reset-password" not in after.text  # the operator never holds the link
    assert support.submit(f"/users/{user_id}/verification-email").status_code == 302
    assert console.target.outbox(to=email, template="verify_email")


@pytest.mark.scenario(ADMIN_PORTAL)
@pytest.mark.scenario("b2b.phase1.provisioning.organization-users")
def test_an_admin_removes_a_member_from_one_organization_then_deletes_a_user(console, ada):
    _, user_id = new_user(console)
    sunrise = console.mgmt("GET", "/organizations/name/sunrise-travel").json()["id"]
    lagoon = console.mgmt("GET", "/organizations/name/lagoon-tours").json()["id"]
    for org in (sunrise, lagoon):
        console.mgmt("POST", f"/organizations/{org}/members", json={"members": [user_id]})
    assert ada.submit(f"/users/{user_id}/remove-from-organization",
                      {"org_id": sunrise}).status_code == 302
    orgs = console.mgmt("GET", f"/users/{user_id}/organizations").json()
    assert [org["id"] for org in orgs] == [lagoon]  # still in the other one

    unconfirmed = ada.submit(f"/users/{user_id}/delete")
    assert unconfirmed.status_code == 400
    assert ada.submit(f"/users/{user_id}/delete", {"confirm": "delete"}).status_code == 302
    assert console.mgmt("GET", f"/users/{user_id}").status_code == 404
    assert audit_rows(ada)[:2] == [("users.delete", "allowed", user_id),
                                   ("users.remove_from_org", "allowed", user_id)]
    gone = ada.page(f"/users/{user_id}")
    assert gone.status_code == 404 and 'data-error="inexistent_user"' in gone.text


def test_a_tenant_refusing_a_search_is_a_clear_page_not_a_crash(console, ada):
    console.fault("GET", "/api/v2/users", status=503)
    page = ada.page("/users?q=ben")
    assert page.status_code == 502 and 'data-error="upstream_unavailable"' in page.text
    assert ada.page("/users?q=ben").status_code == 200  # one-shot: the next one works
