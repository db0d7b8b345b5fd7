"""Junk sent to Travel0 Partners' organization pages (agents, invitations, settings,
bookings) by a signed-in agency admin: malformed and oversize values, NUL and control
characters, repeated fields, unknown ids, wrong methods and missing CSRF tokens. Each gets a
4xx page that says what was wrong — never a 500 — and nothing changes in the tenant or the
API."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from tests.mock.b2b.support import ACME, ADMIN, sign_in
from tests.mock.b2c.support import csrf_token
from tests.support.fake_management import demo_user

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2b.phase2.profile.organization-admin-portal")]
ORG = f"/orgs/{ACME['id']}"
NORA = "auth0|nora"
JUNK = ["", " ", "\x00", "a\x00b", "\x1b[31m", "x" * 5000, "é😀", "\u202e", "<script>", "%00",
        "null", "[]", "{}", "org-admin\x00", "ORG-ADMIN", " org-admin"]
BAD_IDS = ["%00", "a%00b", "x" * 300, "%C3%A9%F0%9F%98%80", "..%2F..%2Fusers", "%0D%0AX:y", "-1"]


@pytest.fixture
def admin(client, fake_idp, fake_mgmt):
    """Nora is an agent of Acme Travel; the demo user signs in as its admin."""
    fake_mgmt.users[NORA] = demo_user(user_id=NORA, email="nora@acme.example")
    fake_mgmt.memberships[NORA] = [ACME["id"]]
    fake_mgmt.member_roles[(ACME["id"], NORA)] = ["org-member"]
    sign_in(client, fake_idp, ACME, roles=["org-admin"], permissions=ADMIN)
    return client


def post(client, path: str, data=None, csrf: bool = True):
    token = [("csrf_token", csrf_token(client, "/profile"))] if csrf else []
    pairs = list(data.items()) if isinstance(data, dict) else list(data or [])
    return client.post(path, data=MultiDict(pairs + token))


def writes(fake_mgmt) -> list:
    return [call for call in fake_mgmt.calls if call["method"] in ("POST", "PATCH", "DELETE")]


def refused(response, *statuses: int) -> None:
    """A clear refusal: one of ``statuses`` (any 4xx when none given), with a page."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:500]
    assert response.status_code in (statuses or range(400, 500)), (response.status_code,
                                                                    body[:300])
    assert "<h1" in body or "error" in body, body[:300]


def test_junk_roles_for_an_agent_are_refused(admin, fake_mgmt):
    for role in JUNK:
        refused(post(admin, f"{ORG}/members/{NORA}/role", {"role": role}), 400)
    refused(post(admin, f"{ORG}/members/{NORA}/role", {}), 400)
    # Repeated: the first value counts (a browser sends one); no escalation through the second.
    post(admin, f"{ORG}/members/{NORA}/role", [("role", "org-member"), ("role", "org-admin")])
    assert fake_mgmt.member_roles[(ACME["id"], NORA)] == ["org-member"]
    assert not [call for call in writes(fake_mgmt) if "org-admin" in str(call["json"])]


def test_unknown_or_malformed_agent_ids_are_not_found(admin, fake_mgmt):
    for user_id in BAD_IDS + ["auth0|nobody"]:
        for action in ("role", "remove"):
            response = post(admin, f"{ORG}/members/{user_id}/{action}", {"role": "org-member"})
            refused(response, 404)
    assert fake_mgmt.memberships[NORA] == [ACME["id"]] and not writes(fake_mgmt)


def test_junk_invitations_are_form_errors(admin, fake_mgmt):
    for email in JUNK + ["a@b", "a@b.c\x00", "a@@b.example", "a b@c.example",
                         "x" * 320 + "@acme.example", "nora@acme.example\x00"]:
        response = post(admin, f"{ORG}/invitations", {"email": email, "role": "org-member"})
        refused(response, 400)
        assert "Enter the email address" in response.get_data(as_text=True), repr(email)
    for role in JUNK:
        response = post(admin, f"{ORG}/invitations", {"email": "new@acme.example", "role": role})
        refused(response, 400)
        assert "Choose one of" in response.get_data(as_text=True), repr(role)
    assert not writes(fake_mgmt)


def test_revoking_unknown_or_malformed_invitations_is_not_found(admin, fake_mgmt):
    for invitation_id in BAD_IDS + ["uinv_unknown000000001"]:
        refused(post(admin, f"{ORG}/invitations/{invitation_id}/revoke"), 404)
    assert [call["path"] for call in writes(fake_mgmt)] == [
        f"/api/v2/organizations/{ACME['id']}/invitations/uinv_unknown000000001"]


def test_junk_settings_are_form_errors_and_keep_the_metadata(admin, fake_mgmt):
    before = dict(fake_mgmt.organizations[ACME["id"]]["metadata"])
    for field in ("invoice_email", "preferred_airline", "default_currency"):
        for value in ("\x00", "a\x00b", "x" * 5000, "\x1b[31m", "EUR\x00"):
            refused(post(admin, f"{ORG}/settings", {field: value}), 400)
    refused(post(admin, f"{ORG}/settings", {"invoice_email": "not an email"}), 400)
    refused(post(admin, f"{ORG}/settings", {"default_currency": "XXX"}), 400)
    assert fake_mgmt.organizations[ACME["id"]]["metadata"] == before
    assert not writes(fake_mgmt)


def test_the_settings_form_cannot_set_the_tier_or_foreign_keys(admin, fake_mgmt):
    response = post(admin, f"{ORG}/settings", [("tier", "platinum"), ("evil", "x"),
                                               ("preferred_airline", "Air A"),
                                               ("preferred_airline", "Air B")])
    assert response.status_code == 303
    metadata = fake_mgmt.organizations[ACME["id"]]["metadata"]
    assert metadata["tier"] == "gold" and "evil" not in metadata
    assert metadata["preferred_airline"] == "Air A"  # the first of repeated fields counts


def booking_rows(client) -> int:
    return client.get(f"{ORG}/bookings").get_data(as_text=True).count('class="booking"')


BAD_BOOKINGS = [("", "1"), ("\x00", "1"), ("Rome\x00", "1"), ("x" * 5000, "1"),
                ("Rome\x1b[31m", "1"), ("Rome", ""), ("Rome", "0"), ("Rome", "-1"),
                ("Rome", "1e3"), ("Rome", "2.5"), ("Rome", "\uff11"), ("Rome", "\u0661"),
                ("Rome", "9" * 40), ("Rome", "51"), ("Rome", " ")]


def test_junk_bookings_are_form_errors(admin):
    before = booking_rows(admin)
    for destination, travellers in BAD_BOOKINGS:
        response = post(admin, f"{ORG}/bookings", {"destination": destination,
                                                   "travellers": travellers})
        refused(response, 400)
    assert booking_rows(admin) == before


def test_cancelling_unknown_bookings_is_refused(admin):
    """Before the fix, an id past 2**63 reached SQLite and the API answered 500."""
    before = booking_rows(admin)
    for booking_id in ("999999", "9" * 30, str(2**63), "-1", "x", "%00"):
        refused(post(admin, f"{ORG}/bookings/{booking_id}/cancel"), 404)
    assert booking_rows(admin) == before


def test_junk_organizations_in_the_url_are_refused(admin, fake_mgmt):
    for org_id in ("%00", "x" * 300, "%C3%A9%F0%9F%98%80", "org_unknown0000000001"):
        for page in ("members", "invitations", "settings", "bookings"):
            refused(admin.get(f"/orgs/{org_id}/{page}"), 403, 404)
            refused(post(admin, f"/orgs/{org_id}/{page}", {"email": "a@acme.example",
                                                            "role": "org-member"}), 403, 404, 405)
    assert not writes(fake_mgmt)


FORMS = ["members", f"members/{NORA}/role", f"members/{NORA}/remove", "invitations",
         "invitations/uinv_x/revoke", "settings", "bookings", "bookings/1/cancel"]


def test_forms_without_their_csrf_token_or_with_the_wrong_method(admin, fake_mgmt):
    before = booking_rows(admin)
    for path in FORMS:
        answer = post(admin, f"{ORG}/{path}", {"role": "org-admin", "email": "a@acme.example",
                                               "destination": "Rome", "travellers": "1"},
                      csrf=False)
        refused(answer, 400, 405)
        for method in ("PUT", "DELETE", "PATCH"):
            refused(admin.open(f"{ORG}/{path}", method=method), 400, 405)
    assert not writes(fake_mgmt) and booking_rows(admin) == before
    assert fake_mgmt.member_roles[(ACME["id"], NORA)] == ["org-member"]


def test_the_forms_do_work_with_good_input(admin, fake_mgmt):
    """The tables above prove something only if the same forms accept fine input."""
    assert post(admin, f"{ORG}/members/{NORA}/role", {"role": "org-admin"}).status_code == 303
    assert fake_mgmt.member_roles[(ACME["id"], NORA)] == ["org-admin"]
    before = booking_rows(admin)
    booked = post(admin, f"{ORG}/bookings", {"destination": "Rome", "travellers": "2"})
    assert booked.status_code == 302 and booking_rows(admin) == before + 1
