"""Organization invitations end to end on the mock tenant: the Management API call emails the
``user_invitation`` template with the application's login link; the link's parameters at
/authorize lead to a sign-up fixed to the invited address (or to a login for an existing
account); acceptance makes a verified member with the invited roles and uses the invitation up.
Refusals (tampering, reuse, expiry, foreign accounts) are in tests/security/mock_idp."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.accounts import management_token
from tests.support.flows import hidden_fields, query_of
from tests.support.invitations import Invitations, open_link, refusal
from tests.support.orgs import LAGOON, NS, SUNRISE, decode, org_ids, partners_flow
from tests.support.tenant import JANE, demo_password

pytestmark = pytest.mark.mock
INVITE = "b2b.phase1.provisioning.user-invite"
NEW = "nora@sunrise-travel.example"
PASSWORD = "Sunrise-Agent-2026!"


@pytest.fixture
def orgs(http, clients) -> dict[str, str]:
    return org_ids(http, management_token(http, clients))


@pytest.fixture
def invitations(http, clients) -> Invitations:
    return Invitations(http, clients, management_token(http, clients))


def seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp()


def sign_up(http, page_url: str, email: str, password: str = PASSWORD):
    page = http.get(page_url)
    assert page.status == 200, page.text
    return http.post("/u/signup", data={**hidden_fields(page.text), "action": "default",
                                        "email": email, "password": password})


@pytest.mark.scenario(INVITE)
@pytest.mark.scenario("b2b.phase1.branding.email-templates")
def test_creating_an_invitation_emails_the_login_link(invitations, orgs, mail_sink):
    made = invitations.create(orgs[SUNRISE], NEW, roles=["org-admin"], inviter="Ana Sunrise",
                              ttl_sec=3600)
    assert seconds(made["expires_at"]) - seconds(made["created_at"]) == 3600
    link = urlsplit(made["invitation_url"])
    assert f"{link.scheme}://{link.netloc}{link.path}" == "http://localhost:5001/login"
    assert parse_qs(link.query) == {"invitation": [made["ticket_id"]],
                                    "organization": [orgs[SUNRISE]],
                                    "organization_name": [SUNRISE]}
    [message] = mail_sink.wait_for(NEW, template="user_invitation")
    assert message["subject"] == \
        "Travel0 (dev): Ana Sunrise invited you to join Sunrise Travel Agency"
    assert made["invitation_url"] in message["links"]
    html = message["html"]
    assert "Join Sunrise Travel Agency on Travel0 Partners" in html
    assert "color:#e8590c" in html and "sunrise-travel.svg" not in html, \
        "the org colour is used; its local http logo is left out of an email"


@pytest.mark.scenario(INVITE)
def test_the_default_lifetime_is_seven_days_and_no_email_when_asked(invitations, orgs,
                                                                    mail_sink):
    made = invitations.create(orgs[SUNRISE], NEW, send_invitation_email=False)
    assert seconds(made["expires_at"]) - seconds(made["created_at"]) == 7 * 86400
    invitations.create(orgs[SUNRISE], "other@sunrise-travel.example")
    mail_sink.wait_for("other@sunrise-travel.example", template="user_invitation")
    assert mail_sink.messages(to=NEW) == [], "send_invitation_email: false sends nothing"


@pytest.mark.scenario(INVITE)
def test_an_invitee_signs_up_with_the_fixed_address_and_joins_with_the_roles(
        http, clients, invitations, orgs, logs, mail_sink):
    made = invitations.create(orgs[SUNRISE], NEW.upper(), roles=["org-admin"])
    flow = partners_flow(http, clients)
    start = open_link(flow, made["invitation_url"])
    assert "/u/signup" in start.location, "no account yet: the invitee starts on sign-up"
    page = http.get(start.location).text
    assert 'id="invitation-notice"' in page and "Sunrise Travel Agency" in page
    assert f'value="{NEW}"' in page and "readonly" in page, "the email is fixed"

    done = sign_up(http, start.location, NEW)
    tokens = flow.exchange(flow.code_from(done)).json()
    claims = decode(http, tokens["id_token"])
    assert claims["org_id"] == orgs[SUNRISE] and claims[NS + "org_roles"] == ["org-admin"]
    assert claims["email"] == NEW and claims["email_verified"] is True
    [user] = invitations.users_by_email(NEW)
    assert user["email_verified"] is True
    assert [r["name"] for r in invitations.member_roles(orgs[SUNRISE], user["user_id"]).json()] \
        == ["org-admin"]
    assert invitations.get(orgs[SUNRISE], made["id"]).status == 404, "used up"
    [accepted] = logs("si")
    assert accepted["user_id"] == user["user_id"]
    assert accepted["organization_id"] == orgs[SUNRISE]
    assert accepted["details"]["invitation"]["id"] == made["id"]
    mail_sink.wait_for(NEW, template="welcome_email")
    assert mail_sink.messages(to=NEW, template="verify_email") == [], \
        "the invitation link proved the address: no verification email"


@pytest.mark.scenario(INVITE)
def test_an_existing_account_accepts_by_logging_in(http, clients, invitations, orgs, logs):
    made = invitations.create(orgs[SUNRISE], JANE, roles=["org-member"])
    flow = partners_flow(http, clients)
    start = open_link(flow, made["invitation_url"])
    assert "/u/login" in start.location, "the address has an account: log in to accept"
    page = http.get(start.location).text
    assert f'value="{JANE}"' in page and 'id="invitation-notice"' in page
    done = flow.submit_login(start.location, JANE, demo_password(JANE))
    claims = decode(http, flow.exchange(flow.code_from(done)).json()["id_token"])
    assert claims["org_id"] == orgs[SUNRISE] and claims[NS + "org_roles"] == ["org-member"]
    assert logs("si")[0]["user_name"] == JANE
    # From now on Jane logs in to the agency like any member, without the link.
    again = partners_flow(http, clients).authorize(organization=orgs[SUNRISE])
    assert "code=" in again.location


@pytest.mark.scenario(INVITE)
def test_the_invitations_connection_is_the_one_used(http, clients, invitations, orgs):
    connections = http.get("/api/v2/connections", params={"name": "Username-Password-Authentication"},
                           headers=invitations.headers).json()
    shared = connections[0]["id"]
    made = invitations.create(orgs[LAGOON], "kai@travel0-partners.example", connection_id=shared)
    assert made["connection_id"] == shared
    flow = partners_flow(http, clients)
    start = open_link(flow, made["invitation_url"])
    assert "/u/signup" in start.location
    done = sign_up(http, start.location, "kai@travel0-partners.example")
    claims = decode(http, flow.exchange(flow.code_from(done)).json()["id_token"])
    assert claims["org_id"] == orgs[LAGOON]
    [user] = invitations.users_by_email("kai@travel0-partners.example")
    assert user["identities"][0]["connection"] == "Username-Password-Authentication", \
        "not Lagoon's own staff database, which its login shows first"


@pytest.mark.scenario(INVITE)
def test_a_link_without_its_organization_is_refused(http, clients, invitations, orgs):
    made = invitations.create(orgs[SUNRISE], NEW)
    flow = partners_flow(http, clients)
    ticket = query_of(made["invitation_url"])["invitation"]
    answer = refusal(flow, flow.authorize(invitation=ticket))
    assert answer["error"] == "invalid_request"
    assert answer["error_description"] == \
        "parameter organization is required when an invitation is used"
