"""Organization-scoped bookings: the token's ``org_id`` decides which organization's data a caller
reaches, whatever the URL asks for; permissions come from the member's org roles."""

from __future__ import annotations

import pytest

from .conftest import bearer

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2b.phase1.authentication.application-integration"),
              pytest.mark.scenario("b2b.phase2.authorization.api-integration")]

ACME, GLOBEX = "org_acmetravel000001", "org_globexgroup00001"
MEMBER = ["read:bookings", "create:bookings"]
ADMIN = [*MEMBER, "delete:bookings"]


def org_token(minter, org_id, permissions=MEMBER, sub="auth0|member-1"):
    return minter.access_token(org_id=org_id, permissions=permissions, sub=sub)


def book(client, token, org_id, destination="Lisbon offsite", travellers=4):
    return client.post(f"/api/orgs/{org_id}/bookings", headers=bearer(token),
                       json={"destination": destination, "travellers": travellers})


def test_a_member_books_and_lists_the_bookings_of_their_organization(client, minter):
    token = org_token(minter, ACME)
    created = book(client, token, ACME)
    assert created.status_code == 201
    booking = created.get_json()
    assert booking["org_id"] == ACME and booking["booked_by"] == "auth0|member-1"
    colleague = org_token(minter, ACME, sub="auth0|member-2")
    listed = client.get(f"/api/orgs/{ACME}/bookings", headers=bearer(colleague)).get_json()
    assert [t["destination"] for t in listed["bookings"]] == ["Lisbon offsite"]
    one = client.get(f"/api/orgs/{ACME}/bookings/{booking['id']}", headers=bearer(colleague))
    assert one.status_code == 200 and one.get_json() == booking


def test_organizations_never_see_each_others_bookings(client, minter):
    book(client, org_token(minter, ACME), ACME, destination="Acme summit")
    globex = org_token(minter, GLOBEX)
    book(client, globex, GLOBEX, destination="Globex retreat")
    listed = client.get(f"/api/orgs/{GLOBEX}/bookings", headers=bearer(globex)).get_json()
    assert [t["destination"] for t in listed["bookings"]] == ["Globex retreat"]


@pytest.mark.parametrize("method, path", [
    ("get", "/bookings"), ("post", "/bookings"), ("get", "/bookings/1"), ("delete", "/bookings/1")])
def test_a_token_for_one_organization_is_refused_on_every_route_of_another(
        client, minter, method, path):
    booking = book(client, org_token(minter, ACME, ADMIN), ACME).get_json()
    assert booking["id"] == 1
    globex_admin = org_token(minter, GLOBEX, ADMIN)
    response = getattr(client, method)(f"/api/orgs/{ACME}{path}", headers=bearer(globex_admin),
                                       json={"destination": "x", "travellers": 1})
    assert response.status_code == 403
    assert response.get_json() == {
        "error": "access_denied",
        "error_description": "The token was issued for another organization than the one requested"}
    own = client.get(f"/api/orgs/{ACME}/bookings", headers=bearer(org_token(minter, ACME)))
    assert [t["id"] for t in own.get_json()["bookings"]] == [1], "nothing booked or cancelled"


def test_a_booking_id_of_another_organization_is_not_found_in_yours(client, minter):
    booking = book(client, org_token(minter, ACME), ACME).get_json()
    globex_admin = org_token(minter, GLOBEX, ADMIN)
    for method in ("get", "delete"):
        response = getattr(client, method)(f"/api/orgs/{GLOBEX}/bookings/{booking['id']}",
                                           headers=bearer(globex_admin))
        assert response.status_code == 404
        assert response.get_json()["error"] == "not_found"


def test_a_token_without_an_organization_is_refused(client, minter):
    consumer = minter.access_token(permissions=ADMIN)  # a B2C login: no org_id
    response = client.get(f"/api/orgs/{ACME}/bookings", headers=bearer(consumer))
    assert response.status_code == 403
    assert "no org_id claim" in response.get_json()["error_description"]


@pytest.mark.scenario("b2b.phase2.authorization.roles-permissions")
def test_only_an_org_role_with_delete_bookings_may_cancel(client, minter):
    booking = book(client, org_token(minter, ACME), ACME).get_json()
    member = client.delete(f"/api/orgs/{ACME}/bookings/{booking['id']}",
                           headers=bearer(org_token(minter, ACME)))
    assert member.status_code == 403 and member.get_json()["error"] == "insufficient_scope"
    admin = client.delete(f"/api/orgs/{ACME}/bookings/{booking['id']}",
                          headers=bearer(org_token(minter, ACME, ADMIN)))
    assert admin.status_code == 204
    gone = client.get(f"/api/orgs/{ACME}/bookings/{booking['id']}",
                      headers=bearer(org_token(minter, ACME)))
    assert gone.status_code == 404


@pytest.mark.parametrize("body, message", [
    ({"destination": "", "travellers": 2}, "'destination' must be a string of 1 to 100"),
    ({"destination": "Rome", "travellers": 0}, "'travellers' must be an integer from 1 to 50"),
    ({"destination": "Rome", "travellers": True}, "'travellers' must be an integer"),
    ({"destination": "Rome", "travellers": 2, "org_id": "org_other"}, "Unknown field(s): org_id"),
    ([1, 2], "must be a JSON object"),
])
def test_bad_booking_bodies_are_refused_with_the_reason(client, minter, body, message):
    response = client.post(f"/api/orgs/{ACME}/bookings", json=body,
                           headers=bearer(org_token(minter, ACME)))
    assert response.status_code == 400
    assert message in response.get_json()["error_description"]
