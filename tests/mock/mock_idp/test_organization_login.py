"""Organization logins at /authorize: scoped to the organization's connections and
members, org claims and org-role RBAC in the tokens, the client's organization_usage and
organization_require_behavior, and the shipped add-org-claims Action."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mock_idp.models import Client
from tests.support.accounts import management_token
from tests.support.flows import hidden_fields, query_of
from tests.support.orgs import (
    ANA,
    BEN,
    DANA,
    LAGOON,
    LEO,
    NS,
    SUNRISE,
    decode,
    org_ids,
    partners_flow,
)
from tests.support.tenant import AUDIENCE, JANE, demo_password

pytestmark = pytest.mark.mock
LOGIN = "b2b.phase1.authentication.universal-login"
CLAIMS = "b2b.phase1.authorization.id-token-claims"
USERS = "b2b.phase1.provisioning.organization-users"


@pytest.fixture
def orgs(http, clients) -> dict[str, str]:
    return org_ids(http, management_token(http, clients))


def set_client(app, name: str, **settings) -> None:
    """What a tenant admin changes on the application's Organizations tab."""
    with app.extensions["mock_idp.db"]() as db:
        client = db.scalar(select(Client).where(Client.name == name))
        client.config = {**client.config, **settings}
        db.commit()


def refused(flow, response) -> dict:
    assert response.status == 302 and response.location.startswith(flow.redirect_uri), \
        response.text
    answer = query_of(response.location)
    assert "code" not in answer and answer["state"] == flow.state
    return answer


@pytest.mark.scenario(LOGIN)
@pytest.mark.scenario(CLAIMS)
def test_a_member_gets_org_claims_and_org_role_permissions(http, clients, orgs):
    flow = partners_flow(http, clients)
    tokens = flow.login(ANA, demo_password(ANA), organization=orgs[SUNRISE], audience=AUDIENCE,
                        scope="openid profile read:bookings manage:agency read:orders")
    id_claims, access = decode(http, tokens["id_token"]), decode(http, tokens["access_token"])
    for claims in (id_claims, access):
        assert (claims["org_id"], claims["org_name"]) == (orgs[SUNRISE], SUNRISE)
        assert claims[NS + "org_roles"] == ["org-admin"]
        assert claims[NS + "org_tier"] == "gold"
        assert claims[NS + "org_display_name"] == "Sunrise Travel Agency"
    assert access["permissions"] == ["create:bookings", "delete:bookings", "manage:agency", "read:bookings"]
    assert access["scope"] == "openid profile read:bookings manage:agency", \
        "read:orders is not granted by the member's organization roles"


@pytest.mark.scenario(LOGIN)
def test_the_organization_may_be_named_by_name(http, clients, orgs):
    tokens = partners_flow(http, clients).login(BEN, demo_password(BEN), organization=SUNRISE)
    claims = decode(http, tokens["id_token"])
    assert (claims["org_id"], claims[NS + "org_roles"]) == (orgs[SUNRISE], ["org-member"])


@pytest.mark.scenario(LOGIN)
def test_a_non_member_is_refused_without_a_code(http, clients, orgs, logs):
    flow = partners_flow(http, clients)
    first = flow.authorize(organization=orgs[SUNRISE])
    answer = refused(flow, flow.submit_login(first.location, JANE, demo_password(JANE)))
    jane = logs("f")[0]["user_id"]
    assert answer["error"] == "access_denied"
    assert answer["error_description"] == f"user {jane} is not part of the {orgs[SUNRISE]} organization"
    assert "organization login refused" in logs("f")[0]["description"]
    assert "code=" not in flow.authorize(organization=orgs[SUNRISE]).location, \
        "the refused login left no SSO session behind"


@pytest.mark.scenario(USERS)
def test_a_member_of_one_org_is_refused_by_the_other(http, clients, orgs):
    flow = partners_flow(http, clients)
    first = flow.authorize(organization=orgs[LAGOON])
    page = http.get(first.location)
    assert page.status == 200
    # Lagoon's login uses its own staff database: Ben's shared account is not there.
    answer = flow.submit_login(first.location, BEN, demo_password(BEN))
    assert answer.status == 400 and "Wrong email or password" in answer.text


@pytest.mark.scenario(LOGIN)
def test_a_connection_the_org_has_not_enabled_fails(http, clients, orgs):
    flow = partners_flow(http, clients)
    answer = refused(flow, flow.authorize(organization=orgs[SUNRISE],
                                          connection="Lagoon-Tours-Staff"))
    assert answer["error"] == "access_denied"
    assert "not enabled for the organization" in answer["error_description"]


@pytest.mark.scenario(USERS)
def test_assign_membership_on_login_makes_new_staff_members(http, clients, orgs):
    flow = partners_flow(http, clients)
    page = http.get(flow.authorize(organization=orgs[LAGOON], screen_hint="signup").location)
    assert page.status == 200, page.text
    done = http.post("/u/signup", data={**hidden_fields(page.text), "action": "default",
                                        "email": "mia@lagoon-tours.example",
                                        "password": "Lagoon-Staff-2026!"})
    claims = decode(http, flow.exchange(flow.code_from(done)).json()["id_token"])
    assert claims["org_id"] == orgs[LAGOON] and claims[NS + "org_roles"] == []
    token = management_token(http, clients)
    members = http.get(f"/api/v2/organizations/{orgs[LAGOON]}/members",
                       headers={"Authorization": f"Bearer {token}"}).json()
    assert "mia@lagoon-tours.example" in [m["email"] for m in members]


def test_sign_up_is_closed_where_the_org_invites_its_members(http, clients, orgs):
    flow = partners_flow(http, clients)
    page = http.get(flow.authorize(organization=orgs[SUNRISE], screen_hint="signup").location)
    assert page.status == 403 and "invitation" in page.text
    login = http.get(flow.authorize(organization=orgs[SUNRISE]).location)
    assert "Sign up" not in login.text


@pytest.mark.scenario(USERS)
def test_a_shared_account_picks_its_organization_after_login(http, clients, orgs):
    flow = partners_flow(http, clients)
    first = flow.authorize()
    picker = flow.submit_login(first.location, DANA, demo_password(DANA))
    assert picker.status == 302 and "/u/organization-selection" in picker.location
    page = http.get(picker.location)
    assert "Sunrise Travel Agency" in page.text and "Blue Lagoon Tours" in page.text
    back = http.post("/u/organization-selection", data={**hidden_fields(page.text),
                                                       "organization": orgs[LAGOON]})
    assert back.status == 302 and f"organization={orgs[LAGOON]}" in back.location
    claims = decode(http, flow.exchange(flow.code_from(http.get(back.location))).json()["id_token"])
    assert claims["org_id"] == orgs[LAGOON] and claims[NS + "org_roles"] == ["org-admin"]
    # The same account, the other organization, no password asked (the SSO session).
    again = flow.authorize(organization=orgs[SUNRISE])
    claims = decode(http, flow.exchange(flow.code_from(again)).json()["id_token"])
    assert claims["org_id"] == orgs[SUNRISE] and claims[NS + "org_roles"] == ["org-member"]


def test_the_picker_only_accepts_the_users_own_organizations(http, clients, orgs):
    flow = partners_flow(http, clients)
    picker = flow.submit_login(flow.authorize().location, BEN, demo_password(BEN))
    page = http.get(picker.location)
    assert "Blue Lagoon Tours" not in page.text
    answer = http.post("/u/organization-selection", data={**hidden_fields(page.text),
                                                         "organization": orgs[LAGOON]})
    assert answer.status == 400 and "Pick one of the organizations listed" in answer.text


@pytest.mark.scenario(LOGIN)
def test_a_user_without_organizations_gets_auth0s_error(http, clients):
    flow = partners_flow(http, clients)
    answer = refused(flow, flow.submit_login(flow.authorize().location, JANE, demo_password(JANE)))
    assert answer == {**answer, "error": "access_denied", "error_description":
                      "client requires organization membership, but user does not belong "
                      "to any organization"}


@pytest.mark.scenario(LOGIN)
def test_no_prompt_requires_the_parameter(http, clients, tenant_app):
    set_client(tenant_app, "Travel0 Partners", organization_require_behavior="no_prompt")
    flow = partners_flow(http, clients)
    answer = refused(flow, flow.authorize())
    assert answer["error"] == "invalid_request"
    assert answer["error_description"] == "parameter organization is required for this client"


@pytest.mark.scenario(LOGIN)
def test_pre_login_prompt_asks_for_the_organization_name_first(http, clients, tenant_app, orgs):
    set_client(tenant_app, "Travel0 Partners", organization_require_behavior="pre_login_prompt")
    flow = partners_flow(http, clients)
    first = flow.authorize()
    assert "/u/login/organization" in first.location
    page = http.get(first.location)
    assert 'id="organizationName"' in page.text
    wrong = http.post("/u/login/organization", data={**hidden_fields(page.text),
                                                     "organizationName": "no-such-agency"})
    assert wrong.status == 400 and 'id="error-element-organizationName"' in wrong.text
    back = http.post("/u/login/organization", data={**hidden_fields(page.text),
                                                    "organizationName": "Sunrise-Travel"})
    login = http.get(back.location)
    assert login.status == 302 and "/u/login" in login.location
    done = flow.submit_login(login.location, BEN, demo_password(BEN))
    claims = decode(http, flow.exchange(flow.code_from(done)).json()["id_token"])
    assert claims["org_id"] == orgs[SUNRISE]


@pytest.mark.scenario(LOGIN)
def test_an_unknown_organization_and_a_deny_client_get_invalid_request(http, clients, web_flow):
    flow = partners_flow(http, clients)
    unknown = refused(flow, flow.authorize(organization="org_doesnotexist00"))
    assert unknown["error"] == "invalid_request"
    denied = refused(web_flow, web_flow.authorize(organization=SUNRISE))
    assert denied["error"] == "invalid_request"


def test_names_need_the_tenant_setting(tmp_path, mail_sink):
    from mock_idp import create_app
    from mock_idp.db import dispose
    from tests.support.fixtures import tenant_overrides
    from tests.support.flows import FlaskHttp

    app = create_app(tenant_overrides(tmp_path, **mail_sink.tenant_settings()))
    app.extensions["mock_idp.tenant"].data["tenant"][
        "allow_organization_name_in_authentication_api"] = False
    try:
        http = FlaskHttp(app.test_client())
        clients = {c["name"]: c for c in http.get("/_cookbook/clients").json()}
        flow = partners_flow(http, clients)
        answer = refused(flow, flow.authorize(organization=SUNRISE))
        assert answer["error_description"] == (
            "authorization request parameter organization must be an organization id")
        orgs = org_ids(http, management_token(http, clients))
        claims = decode(http, flow.login(ANA, demo_password(ANA),
                                         organization=orgs[SUNRISE])["id_token"])
        assert claims["org_id"] == orgs[SUNRISE] and "org_name" not in claims
    finally:
        dispose(app)


@pytest.mark.scenario(CLAIMS)
def test_logins_without_an_organization_carry_no_org_claims(http, web_flow):
    claims = decode(http, web_flow.login(JANE, demo_password(JANE))["id_token"])
    assert not {"org_id", "org_name", NS + "org_roles", NS + "org_tier"} & set(claims)


@pytest.mark.scenario(CLAIMS)
def test_refresh_keeps_the_organization_and_its_roles(http, clients, orgs):
    flow = partners_flow(http, clients, scope="openid offline_access read:bookings")
    tokens = flow.login(LEO, demo_password(LEO), organization=orgs[LAGOON], audience=AUDIENCE)
    again = flow.refresh(tokens["refresh_token"])
    assert again.status == 200, again.text
    for token in (again.json()["access_token"], again.json()["id_token"]):
        claims = decode(http, token)
        assert claims["org_id"] == orgs[LAGOON] and claims[NS + "org_roles"] == ["org-member"]
    assert decode(http, again.json()["access_token"])["permissions"] == [
        "create:bookings", "read:bookings"]


@pytest.mark.scenario(CLAIMS)
def test_actions_see_the_organization_and_the_members_org_roles(actions_tenant):
    from tests.support.actions import ActionFile
    from tests.support.orgs import PARTNERS, PARTNERS_CALLBACK

    tenant = actions_tenant(ActionFile(
        "org-echo", "post-login",
        "api.idToken.setCustomClaim('https://travel0.example/org', event.organization);"
        "api.idToken.setCustomClaim('https://travel0.example/seen_roles',"
        " event.authorization.roles);"))
    flow = tenant.flow(PARTNERS, PARTNERS_CALLBACK)
    claims = decode(tenant.http, flow.login(ANA, demo_password(ANA), organization=SUNRISE)[
        "id_token"])
    assert claims["https://travel0.example/org"] == {
        "id": claims["org_id"], "name": SUNRISE, "display_name": "Sunrise Travel Agency",
        "metadata": {"tier": "gold", "region": "emea"}}
    assert claims["https://travel0.example/seen_roles"] == ["org-admin"]


@pytest.mark.scenario(LOGIN)
def test_allow_lets_a_client_log_in_with_or_without_an_organization(http, clients, tenant_app,
                                                                     orgs):
    set_client(tenant_app, "Travel0 Partners", organization_usage="allow")
    flow = partners_flow(http, clients)
    plain = decode(http, flow.login(ANA, demo_password(ANA))["id_token"])
    assert "org_id" not in plain and NS + "org_roles" not in plain
    scoped = flow.exchange(flow.code_from(flow.authorize(organization=orgs[SUNRISE])))
    assert decode(http, scoped.json()["id_token"])["org_id"] == orgs[SUNRISE]
