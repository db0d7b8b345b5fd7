"""Invite an agent in Travel0 Partners, against the fake Management API: an agency admin
sends an invitation with an organization role for this app, sees it pending and revokes it.
Refusals (members, other agencies, tenant roles, demoted admins) are in tests/security/b2b."""

from __future__ import annotations

import pytest

from tests.mock.b2c.support import csrf_token

from .support import ACME, ADMIN, sign_in

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2b.phase1.provisioning.user-invite"),
              pytest.mark.scenario("b2b.phase2.profile.organization-admin-portal")]
PAGE = f"/orgs/{ACME['id']}/invitations"


def sign_in_admin(client, fake_idp):
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)


def invite(client, email="nora@acme.example", role="org-member"):
    return client.post(PAGE, data={"email": email, "role": role,
                                   "csrf_token": csrf_token(client, PAGE)})


def test_an_admin_invites_an_agent_with_a_role_for_this_app(client, fake_idp, fake_mgmt, app):
    sign_in_admin(client, fake_idp)
    page = client.get(PAGE).get_data(as_text=True)
    assert 'id="invite-form"' in page and 'id="no-pending-invitations"' in page
    assert 'id="nav-invitations"' in page

    response = invite(client, email=" Nora@ACME.example ", role="org-admin")

    assert response.status_code == 303 and response.headers["Location"] == PAGE
    [call] = fake_mgmt.calls_to("POST", f"/api/v2/organizations/{ACME['id']}/invitations")
    body = call["json"]
    assert body["invitee"] == {"email": "nora@acme.example"}
    assert body["client_id"] == app.config["AUTH0_CLIENT_ID"], "the link leads to this app"
    assert body["roles"] == ["rol_orgadmin0000001"] and body["send_invitation_email"] is True
    assert body["inviter"]["name"]
    listed = client.get(PAGE).get_data(as_text=True)
    assert "Invitation sent to nora@acme.example." in listed
    assert 'data-email="nora@acme.example"' in listed and "org-admin" in listed


def test_an_admin_revokes_a_pending_invitation(client, fake_idp, fake_mgmt):
    sign_in_admin(client, fake_idp)
    invite(client)
    [pending] = fake_mgmt.invitations[ACME["id"]]
    response = client.post(f"{PAGE}/{pending['id']}/revoke",
                           data={"csrf_token": csrf_token(client, PAGE)})
    assert response.status_code == 303
    assert fake_mgmt.invitations[ACME["id"]] == []
    assert fake_mgmt.calls_to("DELETE", f"/api/v2/organizations/{ACME['id']}/invitations/"
                                        f"{pending['id']}")
    assert 'id="no-pending-invitations"' in client.get(PAGE).get_data(as_text=True)


def test_a_bad_address_is_a_form_error_and_no_call(client, fake_idp, fake_mgmt):
    sign_in_admin(client, fake_idp)
    response = invite(client, email="not-an-email")
    assert response.status_code == 400
    assert 'id="invite-email-error"' in response.get_data(as_text=True)
    assert fake_mgmt.calls_to("POST", "/api/v2/organizations/") == []


def test_the_tenants_refusal_is_shown_on_the_form(client, fake_idp, fake_mgmt):
    sign_in_admin(client, fake_idp)
    token = csrf_token(client, PAGE)
    fake_mgmt.fail_method = "POST"
    fake_mgmt.fail_next = (400, {"statusCode": 400, "error": "Bad Request",
                                 "message": "Payload validation error", "errorCode": "invalid_body"})
    response = client.post(PAGE, data={"email": "nora@acme.example", "role": "org-member",
                                       "csrf_token": token})
    assert response.status_code == 400
    assert "The identity provider refused the invitation: Payload validation error" in \
        response.get_data(as_text=True)
