"""Every state-changing form needs the session's CSRF token."""

from __future__ import annotations

import pytest

from tests.mock.b2c.support import csrf_token, login

pytestmark = pytest.mark.security

FORMS = [("/logout", {}), ("/logout/tenant", {}), ("/orders", {"item": "Oslo", "quantity": "1"}),
         ("/profile", {"display_name": "Mallory"}), ("/profile/verification-email", {})]


@pytest.mark.parametrize(("path", "data"), FORMS)
@pytest.mark.parametrize("token", [None, "", "guessed-token"])
def test_post_without_the_session_token_is_refused(client, fake_api, fake_mgmt, path, data,
                                                   token):
    login(client)
    form = dict(data) if token is None else {**data, "csrf_token": token}

    response = client.post(path, data=form)

    assert response.status_code == 400
    assert 'data-error="csrf_failed"' in response.get_data(as_text=True)
    assert fake_api.orders == []
    assert fake_mgmt.calls_to("PATCH") == [] and fake_mgmt.jobs == []
    assert client.get("/profile").status_code == 200


@pytest.mark.scenario("b2c.phase1.logout.logout")
def test_another_sessions_token_is_refused(app, client, fake_api):
    other = app.test_client()
    login(other)
    foreign = csrf_token(other)
    login(client)

    response = client.post("/logout", data={"csrf_token": foreign})

    assert response.status_code == 400
    assert client.get("/profile").status_code == 200


def test_json_post_without_token_gets_a_json_error(client):
    login(client)
    response = client.post("/orders", json={"item": "x", "quantity": 1},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf_failed"
