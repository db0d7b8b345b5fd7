"""Attacks on organization logins and the organization endpoints: non-members, tampered
organization ids (at /authorize, on the login form, at the token endpoint), tokens of one
organization presented for another, and one organization's invitations and members
reached through another's URLs."""

from __future__ import annotations

import pytest

from apps.common.organizations import OrganizationMismatch, check_organization
from tests.support.accounts import management_token
from tests.support.flows import hidden_fields, query_of
from tests.support.orgs import ANA, BEN, LAGOON, PARTNERS, SUNRISE, decode, org_ids, partners_flow
from tests.support.tenant import JANE, demo_password

pytestmark = pytest.mark.security
LOGIN = "b2b.phase1.authentication.universal-login"


@pytest.fixture
def token(http, clients) -> str:
    return management_token(http, clients)


@pytest.fixture
def orgs(http, token) -> dict[str, str]:
    return org_ids(http, token)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.scenario(LOGIN)
def test_a_non_member_with_a_live_session_gets_no_code(http, clients, orgs, web_flow):
    web_flow.login(JANE, demo_password(JANE))  # Jane has an SSO session from the B2C app
    flow = partners_flow(http, clients)
    answer = query_of(flow.authorize(organization=orgs[SUNRISE]).location)
    assert answer["error"] == "access_denied" and "code" not in answer


@pytest.mark.scenario(LOGIN)
def test_switching_the_organization_id_on_authorize_is_refused(http, clients, orgs):
    flow = partners_flow(http, clients)
    flow.login(BEN, demo_password(BEN), organization=orgs[SUNRISE])
    answer = query_of(flow.authorize(organization=orgs[LAGOON],
                                     connection="Username-Password-Authentication").location)
    assert answer["error"] == "access_denied"
    assert "is not part of the" in answer["error_description"]


def test_an_organization_field_posted_to_the_login_form_is_ignored(http, clients, orgs):
    flow = partners_flow(http, clients)
    page = http.get(flow.authorize(organization=orgs[SUNRISE]).location)
    done = http.post("/u/login", data={**hidden_fields(page.text), "username": ANA,
                                       "password": demo_password(ANA), "action": "default",
                                       "organization": orgs[LAGOON]})
    claims = decode(http, flow.exchange(flow.code_from(done)).json()["id_token"])
    assert claims["org_id"] == orgs[SUNRISE]


def test_an_organization_sent_to_the_token_endpoint_is_ignored(http, clients, orgs):
    flow = partners_flow(http, clients)
    first = flow.authorize(organization=orgs[SUNRISE])
    code = flow.code_from(flow.submit_login(first.location, ANA, demo_password(ANA)))
    tokens = flow.exchange(code, organization=orgs[LAGOON]).json()
    assert decode(http, tokens["id_token"])["org_id"] == orgs[SUNRISE]


@pytest.mark.parametrize("value", ["org_" + "x" * 500, "../../etc/passwd", "org_%00", "ORG_",
                                   "sunrise travel", "ｓｕｎｒｉｓｅ"])
def test_garbage_organization_values_get_invalid_request(http, clients, value):
    flow = partners_flow(http, clients)
    answer = query_of(flow.authorize(organization=value).location)
    assert answer["error"] == "invalid_request" and "code" not in answer


def test_a_repeated_organization_parameter_is_refused(http, clients, orgs):
    flow = partners_flow(http, clients)
    response = http.get("/authorize?organization=" + orgs[SUNRISE] + "&organization="
                        + orgs[LAGOON] + "&client_id=" + flow.client_id)
    assert response.status == 400 and "Location" not in response.headers


@pytest.mark.scenario("b2b.phase1.authorization.id-token-claims")
def test_a_token_for_one_organization_fails_the_check_for_another(http, clients, orgs):
    claims = decode(http, partners_flow(http, clients).login(
        ANA, demo_password(ANA), organization=orgs[SUNRISE])["id_token"])
    check_organization(claims, orgs[SUNRISE])
    check_organization(claims, SUNRISE.upper())  # names compare without case
    for other in (orgs[LAGOON], LAGOON, orgs[SUNRISE].upper(), orgs[SUNRISE] + "x", ""):
        with pytest.raises(OrganizationMismatch):
            check_organization(claims, other)
    with pytest.raises(OrganizationMismatch):  # a token without an organization
        check_organization({"sub": "auth0|x"}, orgs[SUNRISE])


def test_the_picker_refuses_a_request_of_another_browser(http, clients, tenant_app):
    from tests.support.flows import FlaskHttp

    flow = partners_flow(http, clients)
    picker = flow.submit_login(flow.authorize().location, ANA, demo_password(ANA))
    assert "/u/organization-selection" in picker.location
    stranger = FlaskHttp(tenant_app.test_client())
    assert stranger.get(picker.location).status == 403


def invite(http, token: str, clients: dict, org_id: str) -> dict:
    answer = http.post(f"/api/v2/organizations/{org_id}/invitations", headers=bearer(token), json={
        "inviter": {"name": "Ana"}, "invitee": {"email": "someone@example.com"},
        "client_id": clients[PARTNERS]["client_id"]})
    assert answer.status == 201, answer.text
    return answer.json()


def test_another_organizations_invitation_is_not_found(http, token, clients, orgs):
    theirs = invite(http, token, clients, orgs[LAGOON])
    path = f"/api/v2/organizations/{orgs[SUNRISE]}/invitations/{theirs['id']}"
    for method in (http.get, lambda url, **kw: _delete(http, url, **kw)):
        answer = method(path, headers=bearer(token))
        assert answer.status == 404 and answer.json()["errorCode"] == "inexistent_invitation"
    still = http.get(f"/api/v2/organizations/{orgs[LAGOON]}/invitations/{theirs['id']}",
                     headers=bearer(token))
    assert still.status == 200
    listed = http.get(f"/api/v2/organizations/{orgs[SUNRISE]}/invitations", headers=bearer(token))
    assert theirs["id"] not in listed.text


def _delete(http, url: str, headers: dict):
    from tests.support.flows import Resp

    response = http.client.delete(url, headers=headers)
    return Resp(response.status_code, dict(response.headers), response.get_data(as_text=True))


def test_roles_cannot_be_given_in_an_organization_the_user_is_not_in(http, token, orgs):
    users = http.get("/api/v2/users-by-email", params={"email": ANA}, headers=bearer(token))
    ana = users.json()[0]["user_id"]
    roles = {r["name"]: r["id"] for r in http.get("/api/v2/roles", headers=bearer(token)).json()}
    answer = http.post(f"/api/v2/organizations/{orgs[LAGOON]}/members/{ana}/roles",
                       headers=bearer(token), json={"roles": [roles["org-admin"]]})
    assert answer.status == 404
    claims_page = http.get(f"/api/v2/users/{ana}/organizations", headers=bearer(token)).json()
    assert [o["name"] for o in claims_page] == [SUNRISE]


@pytest.mark.parametrize("body", [{"members": "auth0|x"}, {"members": []}, {"members": [1]},
                                  {"members": ["a"] * 11}, {"other": []}, {}])
def test_bad_member_bodies_get_400(http, token, orgs, body):
    answer = http.post(f"/api/v2/organizations/{orgs[SUNRISE]}/members", headers=bearer(token),
                       json=body)
    assert answer.status == 400 and answer.json()["errorCode"] == "invalid_body"


def test_organization_forms_need_their_csrf_token_and_state(http, clients, orgs):
    flow = partners_flow(http, clients)
    picker = flow.submit_login(flow.authorize().location, ANA, demo_password(ANA))
    fields = hidden_fields(http.get(picker.location).text)
    forged = http.post("/u/organization-selection", data={
        "state": fields["state"], "organization": orgs[SUNRISE]})
    assert forged.status == 403 and "Location" not in forged.headers
    wrong_page = http.get("/u/login/organization", params={"state": fields["state"]})
    assert wrong_page.status == 400, "a picker's state is no prompt's state"
    for path in ("/u/organization-selection", "/u/login/organization"):
        assert http.get(path).status == 400
        assert http.get(path, params={"state": "x" * 5000}).status == 400
    used = http.post("/u/organization-selection", data={**fields, "organization": orgs[SUNRISE]})
    assert used.status == 302
    again = http.post("/u/organization-selection", data={**fields, "organization": orgs[SUNRISE]})
    assert again.status == 400, "a picked organization cannot be replayed"
