"""Agents in Travel0 Partners, against the fake Management API: an agency admin sees the
agency's members with their organization roles, changes a member's role and removes someone
who left. Refusals (members, other agencies, tenant roles, one's own account) are in
tests/security/b2b/test_members_form.py."""

from __future__ import annotations

import pytest

from tests.mock.b2c.support import csrf_token
from tests.support.fake_management import DEMO_USER_ID, demo_user

from .support import ACME, ADMIN, sign_in

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2b.phase2.profile.organization-admin-portal")]
PAGE = f"/orgs/{ACME['id']}/members"
NORA = "auth0|nora"


@pytest.fixture
def agency(fake_mgmt):
    """Nora is an org-member of Acme Travel, beside the signed-in admin."""
    fake_mgmt.users[NORA] = demo_user(user_id=NORA, email="nora@acme.example", name="Nora")
    fake_mgmt.memberships[NORA] = [ACME["id"]]
    fake_mgmt.member_roles[(ACME["id"], NORA)] = ["org-member"]
    return fake_mgmt


def post(client, path: str, **form):
    return client.post(path, data={**form, "csrf_token": csrf_token(client, PAGE)})


def test_an_admin_sees_the_agents_and_their_roles(client, fake_idp, agency):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    page = client.get(PAGE).get_data(as_text=True)
    assert 'id="nav-members"' in page and 'id="members-table"' in page
    assert f'data-user-id="{NORA}"' in page and "nora@acme.example" in page
    assert f'data-user-id="{DEMO_USER_ID}"' in page and ">you<" in page, \
        "the admin's own row has no controls"


def test_an_admin_makes_an_agent_admin_then_member_again(client, fake_idp, agency):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    answer = post(client, f"{PAGE}/{NORA}/role", role="org-admin")
    assert answer.status_code == 303 and answer.headers["Location"] == PAGE
    assert agency.member_roles[(ACME["id"], NORA)] == ["org-admin"], "exactly the chosen role"
    post(client, f"{PAGE}/{NORA}/role", role="org-member")
    assert agency.member_roles[(ACME["id"], NORA)] == ["org-member"]
    assert "Role changed to org-member" in client.get(PAGE).get_data(as_text=True)


def test_an_admin_removes_an_agent_who_left(client, fake_idp, agency):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    answer = post(client, f"{PAGE}/{NORA}/remove")
    assert answer.status_code == 303
    assert ACME["id"] not in agency.memberships[NORA]
    assert [c["json"] for c in agency.calls_to("DELETE", f"/api/v2/organizations/{ACME['id']}/members")] == [
        {"members": [NORA]}]
    assert f'data-user-id="{NORA}"' not in client.get(PAGE).get_data(as_text=True)
