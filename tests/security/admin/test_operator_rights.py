"""An operator role exceeding its rights, forged requests, and people who are not operators:
against the console on a live mock tenant. Every refusal must leave the tenant unchanged and
be written to the audit log."""

from __future__ import annotations

import re
import secrets

import pytest
import requests
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from apps.admin.matrix import Action, allowed
from tests.support.console import ADA, ARI, NIA, SOL
from tests.support.orgs import BEN
from tests.support.tenant import SAM

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2b.phase1.profile.admin-portal")]
OPERATORS = {"support": SOL, "auditor": ARI, "none": NIA}


@pytest.fixture(scope="module")
def sessions(console):
    return {role: console.log_in(email) for role, email in {**OPERATORS, "admin": ADA}.items()}


@pytest.fixture(scope="module")
def victim(console) -> dict:
    """A customer in an organization: unblocked, unverified, a database password."""
    email = f"victim-{secrets.token_hex(4)}@example.com"
    user = console.mgmt("POST", "/users", json={
        "connection": "Username-Password-Authentication", "email": email,
        "password": "Victim-Demo-2026!x", "verify_email": False}).json()
    org = console.mgmt("GET", "/organizations/name/sunrise-travel").json()["id"]
    console.mgmt("POST", f"/organizations/{org}/members", json={"members": [user["user_id"]]})
    return {"email": email, "user_id": user["user_id"], "org_id": org}


def requests_for(victim: dict) -> dict[Action, tuple[str, dict]]:
    """Each state-changing console action as the form that performs it."""
    user = f"/users/{victim['user_id']}"
    name = f"forged-{secrets.token_hex(3)}"
    return {
        Action.BLOCK: (f"{user}/block", {}),
        Action.SEND_RESET: (f"{user}/password-reset", {}),
        Action.RESEND_VERIFICATION: (f"{user}/verification-email", {}),
        Action.REMOVE_FROM_ORG: (f"{user}/remove-from-organization",
                                 {"org_id": victim["org_id"]}),
        Action.DELETE: (f"{user}/delete", {"confirm": "delete"}),
        Action.PROVISION: ("/organizations", {
            "name": name, "display_name": "Forged", "primary_color": "#000000",
            "page_background": "#ffffff", "tier": "gold", "region": "emea",
            "connection": "Username-Password-Authentication",
            "admin_email": f"boss@{name}.example", "admin_mode": "create"}),
    }


FORBIDDEN = [(role, action) for role in OPERATORS for action in requests_for(
    {"user_id": "x", "org_id": "org_x"}) if not allowed([] if role == "none" else [role], action)]


@pytest.mark.parametrize(("role", "action"), FORBIDDEN, ids=[f"{r}-{a.value}" for r, a in FORBIDDEN])
def test_a_forged_post_beyond_the_role_is_refused_changes_nothing_and_is_audited(
        console, sessions, victim, role, action):
    path, data = requests_for(victim)[action]
    answer = sessions[role].submit(path, data)
    assert answer.status_code == 403 and "Not allowed" in answer.text

    user = console.mgmt("GET", f"/users/{victim['user_id']}")
    assert user.status_code == 200 and user.json()["blocked"] is not True
    orgs = console.mgmt("GET", f"/users/{victim['user_id']}/organizations").json()
    assert [org["id"] for org in orgs] == [victim["org_id"]]
    outbox = console.target.outbox(to=victim["email"], count=0, deadline=0)
    assert outbox == []
    if action is Action.PROVISION:
        assert console.mgmt("GET", f"/organizations/name/{data['name']}").status_code == 404

    audit = sessions["admin"].page("/audit").text
    newest = re.search(r'<tr class="audit-entry" data-action="([^"]+)" data-outcome="([^"]+)">'
                       r'\s*<td>\d+</td><td>[^<]*</td><td>([^<]*)</td>', audit)
    assert newest.groups() == (action.value, "refused", OPERATORS[role])


@pytest.mark.parametrize(("role", "path"), [
    ("support", "/audit"), ("auditor", "/organizations/new"), ("none", "/users?q=a"),
    ("none", "/organizations"), ("none", "/audit"),
])
def test_pages_beyond_the_role_are_refused_too(sessions, role, path):
    assert sessions[role].page(path).status_code == 403


def test_a_post_without_the_csrf_token_or_with_another_sessions_is_refused(
        console, sessions, victim):
    path = f"/users/{victim['user_id']}/block"
    bare = sessions["admin"].submit(path, csrf=False)
    assert bare.status_code == 400 and "csrf_failed" in bare.text
    foreign = sessions["admin"].submit(path, {"csrf_token": sessions["support"].csrf}, csrf=False)
    assert foreign.status_code == 400
    assert console.mgmt("GET", f"/users/{victim['user_id']}").json()["blocked"] is not True


@pytest.mark.parametrize("email", [BEN, SAM], ids=["partners-agent", "customer-with-support-role"])
def test_customer_and_partner_accounts_cannot_log_in_to_the_console(console, email):
    """The console's client is enabled for the operators' database only; Sam even holds the
    tenant role ``support``, but from the customer database he never gets a console token."""
    browser = requests.Session()
    answer = console.attempt_login(browser, email)  # the right password, the wrong database
    assert answer.status_code == 400 and "Wrong email or password" in answer.text
    after = browser.get(console.url + "/users?q=a", allow_redirects=False, timeout=10)
    assert after.status_code == 302 and "/login" in after.headers["Location"]


def test_the_audit_log_has_no_way_to_change_it(console, sessions):
    admin = sessions["admin"]
    admin.page("/logout")  # a page with forms: the session's CSRF token, so only 405 is left
    assert admin.csrf
    for method in ("post", "put", "patch", "delete"):
        answer = getattr(admin, method)(console.url + "/audit", data={
            "csrf_token": admin.csrf}, allow_redirects=False, timeout=10)
        assert answer.status_code == 405, method
    engine = console.app.extensions["admin.db"].engine
    for statement in ("UPDATE audit_log SET outcome = 'allowed'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as db:
            db.execute(text(statement))
    assert 'data-outcome="refused"' in admin.page("/audit").text


def test_support_cannot_touch_an_operators_account_nor_anyone_their_own(console, sessions):
    ada_id, sol_id = console.user_id(ADA), console.user_id(SOL)
    against_admin = sessions["support"].submit(f"/users/{ada_id}/block")
    assert against_admin.status_code == 403 and "Only console admins act on operators" in against_admin.text
    own = sessions["admin"].submit(f"/users/{ada_id}/delete", {"confirm": "delete"})
    assert own.status_code == 403 and "their own account" in own.text
    assert console.mgmt("GET", f"/users/{ada_id}").json()["blocked"] is not True
    audit = sessions["admin"].page(f"/audit?target={ada_id}").text
    assert audit.count('data-outcome="refused"') == 2
    assert sessions["admin"].submit(f"/users/{sol_id}/block").status_code == 302  # an admin may
    assert sessions["admin"].submit(f"/users/{sol_id}/unblock").status_code == 302
