"""Attacks on organization invitations at the tenant: made-up and tampered tickets, another
organization's or application's invitation, a used, revoked or expired link, an account with
another address (already logged in, or on the login form), a forged address on the fixed
sign-up form, and markup in invitation fields. Every refusal leaves nothing half-made: no
membership, no new account, the invitation still pending."""

from __future__ import annotations

import pytest

from mock_idp.invitations import EXPIRED, FOREIGN, NOT_FOUND, OTHER_CLIENT, USED
from tests.support.accounts import management_token
from tests.support.flows import CodeFlow, FlaskHttp, hidden_fields
from tests.support.invitations import Invitations, link_params, open_link, refusal
from tests.support.orgs import BEN, LAGOON, SUNRISE, org_ids, partners_flow
from tests.support.tenant import JANE, demo_password

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2b.phase1.provisioning.user-invite")]
NEW = "nora@sunrise-travel.example"
PASSWORD = "Sunrise-Agent-2026!"


@pytest.fixture
def orgs(http, clients) -> dict[str, str]:
    return org_ids(http, management_token(http, clients))


@pytest.fixture
def invitations(http, clients) -> Invitations:
    return Invitations(http, clients, management_token(http, clients))


def untouched(invitations: Invitations, org_id: str, invitation: dict, email: str) -> None:
    """The refusal changed nothing: the invitation is pending, no account joined."""
    assert invitations.get(org_id, invitation["id"]).status == 200, "still pending"
    for user in invitations.users_by_email(email):
        roles = invitations.member_roles(org_id, user["user_id"])
        assert roles.status == 404 or roles.json() == [], "no membership was made"


def sign_up(http, page_url: str, email: str):
    page = http.get(page_url)
    return http.post("/u/signup", data={**hidden_fields(page.text), "action": "default",
                                        "email": email, "password": PASSWORD})


def test_a_made_up_ticket_is_not_found(http, clients, orgs, logs):
    flow = partners_flow(http, clients)
    answer = refusal(flow, flow.authorize(organization=orgs[SUNRISE], invitation="x" * 32))
    assert (answer["error"], answer["error_description"]) == ("invalid_request", NOT_FOUND)
    assert logs("fi")[0]["description"] == NOT_FOUND


def test_an_invitation_used_with_another_organization_is_not_found(http, clients, invitations,
                                                                  orgs):
    made = invitations.create(orgs[SUNRISE], NEW, roles=["org-admin"])
    flow = partners_flow(http, clients)
    params = {**link_params(made["invitation_url"]), "organization": orgs[LAGOON]}
    answer = refusal(flow, flow.authorize(**params))
    assert answer["error_description"] == NOT_FOUND
    untouched(invitations, orgs[SUNRISE], made, NEW)


def test_an_invitation_for_another_application_is_refused(http, clients, invitations, orgs):
    made = invitations.create(orgs[SUNRISE], NEW)
    rewards = clients["Travel0 Rewards"]
    flow = CodeFlow(http, rewards["client_id"], "http://localhost:5003/callback",
                    rewards["client_secret"])
    answer = refusal(flow, open_link(flow, made["invitation_url"]))
    assert (answer["error"], answer["error_description"]) == ("invalid_request", OTHER_CLIENT)


def test_a_used_link_cannot_be_used_again(tenant_app, http, clients, invitations, orgs):
    made = invitations.create(orgs[SUNRISE], NEW, roles=["org-admin"])
    flow = partners_flow(http, clients)
    first = open_link(flow, made["invitation_url"])
    assert flow.code_from(sign_up(http, first.location, NEW))
    other_browser = FlaskHttp(tenant_app.test_client())
    replay = partners_flow(other_browser, clients)
    answer = refusal(replay, open_link(replay, made["invitation_url"]))
    assert (answer["error"], answer["error_description"]) == ("access_denied", USED)


def test_a_revoked_link_is_not_found(http, clients, invitations, orgs):
    made = invitations.create(orgs[SUNRISE], NEW)
    invitations.delete(orgs[SUNRISE], made["id"])
    flow = partners_flow(http, clients)
    answer = refusal(flow, open_link(flow, made["invitation_url"]))
    assert answer["error_description"] == NOT_FOUND
    assert invitations.users_by_email(NEW) == []


def test_an_expired_link_is_refused_even_mid_sign_up(http, clients, invitations, orgs, logs):
    made = invitations.create(orgs[SUNRISE], NEW, ttl_sec=600)
    flow = partners_flow(http, clients)
    start = open_link(flow, made["invitation_url"])
    page = http.get(start.location)
    assert page.status == 200
    assert http.post("/_cookbook/clock", json={"advance": 601}).status == 200
    answer = refusal(flow, http.post("/u/signup", data={
        **hidden_fields(page.text), "action": "default", "email": NEW, "password": PASSWORD}))
    assert (answer["error"], answer["error_description"]) == ("access_denied", EXPIRED)
    assert invitations.users_by_email(NEW) == [], "no account was made"
    assert logs("fi")[0]["description"] == EXPIRED
    again = refusal(flow, open_link(flow, made["invitation_url"]))
    assert again["error_description"] == EXPIRED


def test_someone_logged_in_as_another_account_cannot_accept(http, clients, invitations, orgs,
                                                           logs):
    made = invitations.create(orgs[SUNRISE], NEW, roles=["org-admin"])
    flow = partners_flow(http, clients)
    flow.login(BEN, demo_password(BEN), organization=orgs[SUNRISE])  # Ben's SSO session
    answer = refusal(flow, open_link(flow, made["invitation_url"]))
    assert (answer["error"], answer["error_description"]) == ("access_denied", FOREIGN)
    failed = logs("fi")[0]
    assert failed["details"]["actual_user"]["email"] == BEN
    assert failed["details"]["invitation"]["invitee"] == NEW
    untouched(invitations, orgs[SUNRISE], made, NEW)
    [ben] = invitations.users_by_email(BEN)
    assert [r["name"] for r in invitations.member_roles(orgs[SUNRISE], ben["user_id"]).json()] \
        == ["org-member"], "Ben did not gain the invited org-admin role"


def test_logging_in_as_another_account_on_the_form_cannot_accept(http, clients, invitations,
                                                                orgs):
    made = invitations.create(orgs[SUNRISE], JANE, roles=["org-admin"])
    flow = partners_flow(http, clients)
    start = open_link(flow, made["invitation_url"])
    answer = refusal(flow, flow.submit_login(start.location, BEN, demo_password(BEN)))
    assert answer["error_description"] == FOREIGN
    untouched(invitations, orgs[SUNRISE], made, JANE)
    after = partners_flow(http, clients).authorize(organization=orgs[SUNRISE])
    assert "/u/login" in after.location, "the refused login left no session behind"


def test_a_forged_address_on_the_fixed_sign_up_form_is_refused(http, clients, invitations,
                                                               orgs):
    made = invitations.create(orgs[SUNRISE], NEW, roles=["org-admin"])
    flow = partners_flow(http, clients)
    start = open_link(flow, made["invitation_url"])
    answer = sign_up(http, start.location, "mallory@evil.example")
    assert answer.status == 400
    assert f"This invitation is for {NEW}" in answer.text and f'value="{NEW}"' in answer.text
    assert invitations.users_by_email("mallory@evil.example") == []
    untouched(invitations, orgs[SUNRISE], made, NEW)


def test_markup_in_invitation_fields_is_escaped_in_the_email(invitations, orgs, mail_sink):
    invitations.create(orgs[SUNRISE], NEW, inviter='<img src=x onerror="alert(1)">Ana')
    [message] = mail_sink.wait_for(NEW, template="user_invitation")
    assert "<img src=x" not in message["html"]
    assert "&lt;img src=x onerror=" in message["html"]
