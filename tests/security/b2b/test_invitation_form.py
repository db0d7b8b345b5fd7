"""Attacks on "Invite an agent" in Travel0 Partners: a member, another agency's admin, a
tenant role instead of an organization role, an admin demoted since login, a missing CSRF
token and another agency's invitation id. None of them reaches the Management API with a
change."""

from __future__ import annotations

import pytest

from tests.mock.b2b.support import ACME, ADMIN, GLOBEX, sign_in
from tests.mock.b2c.support import csrf_token
from tests.support.fake_management import DEMO_USER_ID

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2b.phase1.provisioning.user-invite"),
              pytest.mark.scenario("b2b.phase2.profile.organization-admin-portal")]
PAGE = f"/orgs/{ACME['id']}/invitations"


def changes(fake_mgmt) -> list:
    return [*fake_mgmt.calls_to("POST", "/api/v2/organizations/"),
            *fake_mgmt.calls_to("DELETE", "/api/v2/organizations/")]


def test_a_member_can_neither_see_nor_use_the_form(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME, roles=["org-member"])
    assert client.get(PAGE).status_code == 403
    assert 'id="nav-invitations"' not in client.get(f"/orgs/{ACME['id']}/bookings").get_data(
        as_text=True)
    token = csrf_token(client)
    response = client.post(PAGE, data={"email": "x@acme.example", "role": "org-admin",
                                       "csrf_token": token})
    assert response.status_code == 403 and changes(fake_mgmt) == []


def test_another_agencys_admin_cannot_invite_into_it(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    token = csrf_token(client, PAGE)
    response = client.post(f"/orgs/{GLOBEX['id']}/invitations",
                           data={"email": "x@globex.example", "role": "org-admin",
                                 "csrf_token": token})
    assert response.status_code == 403 and changes(fake_mgmt) == []


def test_only_organization_roles_can_be_given(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    response = client.post(PAGE, data={"email": "x@acme.example", "role": "support",
                                       "csrf_token": csrf_token(client, PAGE)})
    assert response.status_code == 400 and 'id="invite-role-error"' in response.get_data(
        as_text=True)
    assert changes(fake_mgmt) == []


def test_an_admin_demoted_since_login_is_refused(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    token = csrf_token(client, PAGE)
    fake_mgmt.member_roles[(ACME["id"], DEMO_USER_ID)] = ["org-member"]
    response = client.post(PAGE, data={"email": "x@acme.example", "role": "org-member",
                                       "csrf_token": token})
    assert response.status_code == 403 and changes(fake_mgmt) == []


def test_a_post_without_the_csrf_token_is_refused(client, fake_idp, fake_mgmt):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    response = client.post(PAGE, data={"email": "x@acme.example", "role": "org-member"})
    assert response.status_code == 400 and changes(fake_mgmt) == []


def test_another_agencys_invitation_cannot_be_revoked(client, fake_idp, fake_mgmt):
    theirs = {"id": "uinv_globex000000001", "invitee": {"email": "g@globex.example"}}
    fake_mgmt.invitations[GLOBEX["id"]] = [theirs]
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    response = client.post(f"{PAGE}/{theirs['id']}/revoke",
                           data={"csrf_token": csrf_token(client, PAGE)})
    assert response.status_code == 404, "looked up in the signed-in agency only"
    assert fake_mgmt.invitations[GLOBEX["id"]] == [theirs]
    bad = client.post(f"{PAGE}/..%2F..%2Fusers/revoke", data={"csrf_token": csrf_token(client, PAGE)})
    assert bad.status_code == 404
