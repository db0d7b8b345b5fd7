"""The orders page calls the API with the user's access token and handles every answer."""

from __future__ import annotations

import pytest

from apps.b2c import create_app
from tests.mock.b2c.support import (
    app_config,
    closed_port_url,
    csrf_token,
    login,
    server_session,
)

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2c.phase1.authentication.application-integration")]


def test_orders_page_calls_the_api_with_the_bearer_token(client, fake_idp, fake_api):
    login(client)
    fake_api.orders.append({"id": 7, "sub": "auth0|demo-user", "item": "Rome", "quantity": 3})
    fake_api.orders.append({"id": 8, "sub": "auth0|someone-else", "item": "Oslo", "quantity": 1})

    response = client.get("/orders")

    assert response.status_code == 200
    assert fake_api.calls[-1] == {
        "method": "GET", "authorization": f"Bearer {fake_idp.issued[-1]['access_token']}"}
    page = response.get_data(as_text=True)
    assert 'id="orders-list"' in page and 'data-order-id="7"' in page and "Rome" in page
    assert "Oslo" not in page


@pytest.mark.scenario("b2c.phase1.qa.mock-testing")
def test_order_form_posts_to_the_api(client, fake_api):
    login(client)
    token = csrf_token(client, "/orders")

    response = client.post("/orders", data={"item": "Lisbon", "quantity": "2",
                                            "csrf_token": token})

    assert response.status_code == 302 and response.headers["Location"] == "/orders"
    assert fake_api.orders[-1]["item"] == "Lisbon" and fake_api.orders[-1]["quantity"] == 2
    page = client.get("/orders").get_data(as_text=True)
    assert "Order placed: 2 × Lisbon." in page and 'class="order-item">Lisbon<' in page


def test_invalid_order_is_refused_with_the_input_kept(client, fake_api):
    login(client)
    token = csrf_token(client, "/orders")

    response = client.post("/orders", data={"item": "Lisbon", "quantity": "-4",
                                            "csrf_token": token})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="quantity-error"' in page and 'value="Lisbon"' in page
    assert [c["method"] for c in fake_api.calls].count("POST") == 0


@pytest.mark.scenario("b2c.phase1.qa.mock-testing")
def test_expiring_access_token_is_refreshed_and_rotation_kept(client, fake_idp, fake_api):
    fake_idp.access_token_ttl = 10  # inside the app's 30-second margin
    login(client)
    first = fake_idp.issued[-1]

    assert client.get("/orders").status_code == 200

    refreshed = fake_idp.issued[-1]
    assert fake_idp.refresh_requests[-1]["refresh_token"] == first["refresh_token"]
    assert fake_api.calls[-1]["authorization"] == f"Bearer {refreshed['access_token']}"
    assert server_session(client)["tokens"]["refresh_token"] == refreshed["refresh_token"]
    # The fake rotates: the next refresh only works with the rotated token stored above.
    assert client.get("/orders").status_code == 200
    assert len(fake_idp.refresh_requests) == 2


def test_api_401_triggers_one_refresh_and_one_retry(client, fake_idp, fake_api):
    login(client)
    fake_api.reject_next_401 = 1

    response = client.get("/orders")

    assert response.status_code == 200
    assert len(fake_idp.refresh_requests) == 1
    assert len(fake_api.calls) == 2


def test_api_rejecting_a_fresh_token_is_a_502_not_a_login_loop(client, fake_idp, fake_api):
    login(client)
    fake_api.reject_next_401 = 2

    response = client.get("/orders")

    assert response.status_code == 502
    assert len(fake_idp.refresh_requests) == 1


@pytest.mark.scenario("b2c.phase1.qa.mock-testing")
def test_failed_refresh_sends_the_user_to_log_in_again(client, fake_idp):
    fake_idp.access_token_ttl = 10
    login(client)
    fake_idp.revoke_refresh_tokens()

    response = client.get("/orders")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/orders"
    assert "tokens" not in server_session(client)
    fake_idp.access_token_ttl = 3600
    assert login(client, response.headers["Location"]).headers["Location"] == "/orders"
    assert "Your session has expired" in client.get("/orders").get_data(as_text=True)


def test_missing_permission_gets_an_explaining_403_page(client, fake_idp):
    fake_idp.permissions = []
    login(client)

    response = client.get("/orders")

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert 'data-error="insufficient_scope"' in page and "read:orders" in page
    assert 'id="permission-help"' in page


def test_missing_create_permission_on_post(client, fake_idp, fake_api):
    fake_idp.permissions = ["read:orders"]
    login(client)
    token = csrf_token(client, "/orders")

    response = client.post("/orders", data={"item": "Oslo", "quantity": "1",
                                            "csrf_token": token})

    assert response.status_code == 403
    assert "create:orders" in response.get_data(as_text=True)
    assert fake_api.orders == []


def test_api_down_is_a_502_page(fake_idp, fake_api, tmp_path):
    app = create_app(app_config(fake_idp, closed_port_url(), tmp_path))
    try:
        client = app.test_client()
        login(client)
        response = client.get("/orders")
        assert response.status_code == 502
        page = response.get_data(as_text=True)
        assert 'data-error="upstream_unavailable"' in page and "orders API" in page
    finally:
        app.extensions["cookbook_sessions"].dispose()
