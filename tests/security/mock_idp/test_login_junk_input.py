"""Junk sent to the tenant's newer login surfaces: /authorize with malformed ``invitation``,
``organization``, ``connection`` and ``response_type``; the identifier-first pages, the
"Continue with" button and /login/callback with foreign, missing or repeated ``state`` and
junk form fields; the organization Management API with wrong JSON types. Each gets an error
page, an OAuth error for the client or an Auth0-shaped JSON error — never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.accounts import management_token
from tests.support.fixtures import tenant_overrides
from tests.support.flows import hidden_fields, query_of
from tests.support.orgs import partners_flow

pytestmark = pytest.mark.security
JUNK = ["\x00", "a\x00b", 'a"b', "a\\b", "x" * 5000, "é😀", "\u202e", "\r\nX: y", "%", "[]",
        "null", "<script>"]
PAGES = ["/u/login/identifier", "/u/login/password", "/u/login/enterprise", "/login/callback"]


@pytest.fixture
def tenant_app(tmp_path):
    """The main tenant with its mail in the outbox and the Management API's rate limit out
    of the way (the tables below send many calls in a burst)."""
    app = create_app(tenant_overrides(tmp_path, MGMT_RATE_LIMIT=10**6, MGMT_RATE_REFILL=10**6))
    yield app
    dispose(app)


def no_500(response) -> None:
    assert response.status < 500, response.text[:500]


def test_junk_response_types_go_back_to_the_client_as_oauth_errors(http, clients):
    """Before the fix, a quote, backslash or non-ASCII response_type made authlib refuse to
    build its own error and the page was a 500."""
    flow = partners_flow(http, clients)
    for value in JUNK:
        answer = flow.authorize(response_type=value)
        no_500(answer)
        assert query_of(answer.location)["error"] == "unsupported_response_type", repr(value)


@pytest.mark.parametrize("name", ["invitation", "organization", "connection", "login_hint"])
def test_junk_authorize_parameters_are_refused_or_ignored(http, clients, name):
    flow = partners_flow(http, clients)
    for value in JUNK:
        answer = flow.authorize(**{name: value})
        no_500(answer)
        if answer.location and "error=" in answer.location:
            assert query_of(answer.location)["error"] in ("invalid_request", "access_denied")
        no_500(flow.authorize(invitation=value, organization="org_x" + value[:10]))


def test_foreign_missing_and_repeated_states_get_an_error_page(http):
    for path in PAGES:
        for state in [*JUNK, ""]:
            for method in (http.get, http.post):
                answer = method(path + "?" + urlencode({"state": state}))
                no_500(answer)
                assert 400 <= answer.status < 500, (path, repr(state), answer.status)
        no_500(http.get(path + "?state=a&state=b"))


def test_junk_form_fields_on_a_live_login_are_answered_on_the_page(http, clients):
    flow = partners_flow(http, clients)
    for value in [*JUNK, ""]:
        page = http.get(flow.authorize().location)
        fields = hidden_fields(page.text)
        state = "?state=" + fields["state"]
        for path in ("/u/login/identifier", "/u/login/password", "/u/login/enterprise"):
            answer = http.post(path + state, data={**fields, "username": value,
                                                   "password": value, "connection": value})
            no_500(answer)
        no_500(http.post("/u/login/identifier" + state, data={"username": "a@b.example",
                                                               "state": fields["state"]}))


@pytest.fixture
def mgmt(http, clients):
    token = management_token(http, clients)
    org = http.get("/api/v2/organizations",
                   headers={"Authorization": f"Bearer {token}"}).json()[0]["id"]
    return {"Authorization": f"Bearer {token}"}, org, clients["Travel0 Partners"]["client_id"]


WRONG_BODIES = [[], "text", 5, None, {"invitee": "x"}, {"invitee": {"email": 5}},
                {"inviter": [], "invitee": {"email": "a@b.example"}},
                {"invitee": {"email": "a\x00@b.example"}, "inviter": {"name": "n"}},
                {"members": "x"}, {"members": [None, 5, {}]}, {"roles": [None, 5]},
                {"metadata": "x"}, {"branding": 5}, {"name": None}, {"name": "x" * 5000}]


def test_wrong_json_on_the_organization_api_is_an_auth0_error(http, mgmt):
    headers, org, _client = mgmt
    before = http.get(f"/api/v2/organizations/{org}", headers=headers).json()
    for path in (f"/api/v2/organizations/{org}/invitations", f"/api/v2/organizations/{org}/members",
                 f"/api/v2/organizations/{org}/members/auth0%7Cx/roles", "/api/v2/organizations"):
        for body in WRONG_BODIES:
            answer = http.post(path, json=body, headers=headers)
            no_500(answer)
            if answer.status >= 400:
                assert {"statusCode", "error", "message"} <= answer.json().keys(), answer.text
    assert http.get(f"/api/v2/organizations/{org}", headers=headers).json() == before
