"""Attacks on Travel0 Partners' Agents page: a member posting the admin's forms, an admin
of another agency reaching this one's people, a role that is not an organization role, an
admin demoted since login, someone acting on their own account, a member id of another
agency, forms without their CSRF token."""

from __future__ import annotations

import pytest

from tests.mock.b2b.support import ACME, ADMIN, GLOBEX, sign_in
from tests.mock.b2c.support import csrf_token
from tests.support.fake_management import DEMO_USER_ID, demo_user

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2b.phase2.profile.organization-admin-portal")]
PAGE = f"/orgs/{ACME['id']}/members"
NORA, OTTO = "auth0|nora", "auth0|otto"  # Nora: Acme Travel; Otto: Globex only


@pytest.fixture
def agencies(fake_mgmt):
    for user_id, org in ((NORA, ACME), (OTTO, GLOBEX)):
        fake_mgmt.users[user_id] = demo_user(user_id=user_id, email=f"{user_id[6:]}@x.example")
        fake_mgmt.memberships[user_id] = [org["id"]]
        fake_mgmt.member_roles[(org["id"], user_id)] = ["org-member"]
    return fake_mgmt


def admin(client, fake_idp):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)


def post(client, path: str, csrf: bool = True, **form):
    token = {"csrf_token": csrf_token(client, "/profile")} if csrf else {}  # any form: one token per session
    return client.post(path, data={**form, **token})


def untouched(mgmt) -> None:
    assert mgmt.member_roles[(ACME["id"], NORA)] == ["org-member"]
    assert mgmt.memberships[NORA] == [ACME["id"]]
    assert not [c for c in mgmt.calls if c["method"] in ("POST", "DELETE")]


def test_a_member_cannot_see_or_post_the_admins_forms(client, fake_idp, agencies):
    sign_in(client, fake_idp, ACME, roles=["org-member"])
    assert client.get(PAGE).status_code == 403
    assert 'id="nav-members"' not in client.get(f"/orgs/{ACME['id']}/bookings").get_data(
        as_text=True)
    assert post(client, f"{PAGE}/{NORA}/role", role="org-admin").status_code == 403
    assert post(client, f"{PAGE}/{NORA}/remove").status_code == 403
    untouched(agencies)


def test_another_agencys_admin_reaches_nobody_here(client, fake_idp, agencies):
    sign_in(client, fake_idp, GLOBEX, roles=["org-admin"], permissions=ADMIN)
    assert client.get(PAGE).status_code == 403  # the URL's agency is not the token's
    assert post(client, f"{PAGE}/{NORA}/remove").status_code == 403
    untouched(agencies)


def test_an_agent_of_another_agency_is_not_found_here(client, fake_idp, agencies):
    admin(client, fake_idp)
    assert post(client, f"{PAGE}/{OTTO}/role", role="org-admin").status_code == 404
    assert post(client, f"{PAGE}/{OTTO}/remove").status_code == 404
    assert agencies.memberships[OTTO] == [GLOBEX["id"]]
    assert agencies.member_roles[(GLOBEX["id"], OTTO)] == ["org-member"]


@pytest.mark.parametrize("role", ["support", "admin", "", "org-admin,support"])
def test_only_organization_roles_can_be_given(client, fake_idp, agencies, role):
    admin(client, fake_idp)
    assert post(client, f"{PAGE}/{NORA}/role", role=role).status_code == 400
    untouched(agencies)


def test_an_admin_demoted_since_login_is_refused(client, fake_idp, agencies):
    admin(client, fake_idp)
    agencies.member_roles[(ACME["id"], DEMO_USER_ID)] = ["org-member"]  # demoted at the tenant
    assert post(client, f"{PAGE}/{NORA}/role", role="org-admin").status_code == 403
    untouched(agencies)


def test_nobody_changes_or_removes_their_own_account_here(client, fake_idp, agencies):
    admin(client, fake_idp)
    assert post(client, f"{PAGE}/{DEMO_USER_ID}/role", role="org-member").status_code == 409
    assert post(client, f"{PAGE}/{DEMO_USER_ID}/remove").status_code == 409
    assert agencies.member_roles[(ACME["id"], DEMO_USER_ID)] == ["org-admin"]


@pytest.mark.parametrize("user_id", ["..%2F..%2Fclients", "a b", "x" * 300, "%3Cscript%3E"])
def test_malformed_member_ids_are_a_plain_404(client, fake_idp, agencies, user_id):
    admin(client, fake_idp)
    assert post(client, f"{PAGE}/{user_id}/remove").status_code == 404
    untouched(agencies)


def test_the_forms_need_the_session_csrf_token(client, fake_idp, agencies):
    admin(client, fake_idp)
    assert post(client, f"{PAGE}/{NORA}/remove", csrf=False).status_code == 400
    untouched(agencies)
