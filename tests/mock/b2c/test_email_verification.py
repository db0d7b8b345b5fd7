"""Email verification, the app's part: the profile says when the address is unverified and
resends the email through the Management API; placing an order needs a verified address."""

from __future__ import annotations

import re

import pytest

from apps.common.verification import SENT_KEY
from tests.mock.b2c.support import csrf_token, login, server_session
from tests.support.fake_management import DEMO_USER_ID

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.profile.account-verification")]


@pytest.fixture
def unverified(fake_idp, fake_mgmt):
    """The demo user signed up but has not opened the verification link."""
    fake_idp.id_token_claims = {"email_verified": False}
    fake_mgmt.users[DEMO_USER_ID]["email_verified"] = False


def resend(client):
    return client.post("/profile/verification-email",
                       data={"csrf_token": csrf_token(client, "/profile")})


def place_order(client, item="Lisbon"):
    return client.post("/orders", data={"item": item, "quantity": "1",
                                        "csrf_token": csrf_token(client, "/orders")})


def test_verified_user_sees_no_resend_button(client, fake_mgmt):
    login(client)
    page = client.get("/profile").get_data(as_text=True)
    assert 'id="email-status" data-verified="true"' in page
    assert 'id="resend-verification-button"' not in page


def test_unverified_user_sees_the_notice_and_the_button(client, unverified):
    login(client)
    page = client.get("/profile").get_data(as_text=True)
    assert 'id="email-status" data-verified="false"' in page
    assert "demo@example.com is not verified yet." in page
    assert 'id="email-unverified-notice"' in page
    assert re.search(r'<form id="resend-verification-form" method="post" '
                     r'action="/profile/verification-email">\s*<input type="hidden" '
                     r'name="csrf_token"', page)


def test_tenant_knows_better_than_a_stale_token(client, fake_idp, fake_mgmt):
    fake_idp.id_token_claims = {"email_verified": False}  # verified after this login
    login(client)
    page = client.get("/profile").get_data(as_text=True)
    assert 'data-verified="true"' in page


def test_resend_starts_the_verification_job_once(client, fake_idp, fake_mgmt, unverified):
    login(client)

    response = resend(client)

    assert response.status_code == 303 and response.headers["Location"] == "/profile"
    [job] = fake_mgmt.calls_to("POST", "/api/v2/jobs/verification-email")
    assert job["json"] == {"user_id": DEMO_USER_ID, "client_id": fake_idp.client_id}
    assert job["authorization"] == f"Bearer {fake_mgmt.tokens[-1]}"
    page = client.get("/profile").get_data(as_text=True)
    assert "We sent a new verification link to demo@example.com." in page
    assert 'id="resend-wait"' in page


def test_resend_is_rate_limited_per_session(client, fake_mgmt, unverified):
    login(client)
    resend(client)

    page = client.get(resend(client).headers["Location"]).get_data(as_text=True)

    assert len(fake_mgmt.jobs) == 1
    assert re.search(r"A verification email was sent moments ago\. .* ask again in \d+ seconds",
                     page)
    with client.session_transaction() as session:
        session[SENT_KEY] -= 61  # a minute later
    resend(client)
    assert len(fake_mgmt.jobs) == 2


def test_resend_for_a_verified_address_sends_nothing(client, fake_idp, fake_mgmt):
    fake_idp.id_token_claims = {"email_verified": False}
    login(client)

    page = client.get(resend(client).headers["Location"]).get_data(as_text=True)

    assert fake_mgmt.jobs == []
    assert "already verified" in page


def test_resend_with_the_management_api_down_is_a_502(client, fake_mgmt, unverified):
    login(client)
    token = csrf_token(client, "/profile")
    fake_mgmt.fail_next = (503, {"statusCode": 503, "error": "Service Unavailable",
                                 "message": "down"})

    response = client.post("/profile/verification-email", data={"csrf_token": token})

    assert response.status_code == 502
    assert "account service" in response.get_data(as_text=True)
    assert SENT_KEY not in server_session(client)  # a failed attempt does not count


def test_unverified_user_cannot_place_an_order_and_is_told_why(client, fake_api, unverified):
    login(client)
    page = client.get("/orders").get_data(as_text=True)
    assert 'id="orders-verify-notice"' in page

    response = place_order(client)

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert 'data-error="email_not_verified"' in page
    assert "Placing an order needs a verified email address" in page
    assert "demo@example.com" in page
    assert '<a id="verify-email-profile-link" href="/profile">' in page
    assert fake_api.orders == [] and [c["method"] for c in fake_api.calls].count("POST") == 0


def test_refusal_is_json_for_json_clients(client, unverified):
    login(client)
    token = csrf_token(client, "/orders")
    response = client.post("/orders", data={"item": "x", "quantity": "1", "csrf_token": token},
                           headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.get_json()["error"] == "email_not_verified"


def test_verifying_later_needs_no_new_login(client, fake_api, fake_mgmt, unverified):
    login(client)
    assert place_order(client).status_code == 403

    fake_mgmt.users[DEMO_USER_ID]["email_verified"] = True  # the user opened the link
    assert place_order(client, "Oslo").status_code == 302
    checks = len(fake_mgmt.calls_to("GET"))
    assert place_order(client, "Rome").status_code == 302

    assert [o["item"] for o in fake_api.orders] == ["Oslo", "Rome"]
    assert len(fake_mgmt.calls_to("GET")) == checks  # remembered for the session


def test_verified_token_places_orders_without_asking_the_tenant(client, fake_api, fake_mgmt):
    login(client)
    assert place_order(client).status_code == 302
    assert fake_mgmt.calls == []
    assert 'id="orders-verify-notice"' not in client.get("/orders").get_data(as_text=True)


def test_tenant_down_while_checking_refuses_with_a_502(client, fake_api, fake_mgmt, unverified):
    login(client)
    token = csrf_token(client, "/orders")
    fake_mgmt.fail_next = (500, {"statusCode": 500, "error": "x", "message": "boom"})

    response = client.post("/orders", data={"item": "x", "quantity": "1", "csrf_token": token})

    assert response.status_code == 502
    assert fake_api.orders == []
