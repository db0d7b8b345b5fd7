"""The profile's Management API access: CSRF, whose account is changed, escaping, secrets."""

from __future__ import annotations

import logging

import pytest

from tests.mock.b2c.support import csrf_token, login, server_session
from tests.support.fake_management import DEMO_USER_ID, demo_user

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2c.phase1.profile.metadata")]

FORMS = [("/profile", {"display_name": "Mallory", "preferred_language": "en"}),
         ("/profile/verification-email", {})]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _unverified(fake_idp, fake_mgmt):
    fake_idp.id_token_claims = {"email_verified": False}
    fake_mgmt.users[DEMO_USER_ID]["email_verified"] = False


@pytest.mark.parametrize(("path", "data"), FORMS)
@pytest.mark.parametrize("token", [None, "", "guessed-token"])
def test_profile_forms_need_the_session_token(client, fake_idp, fake_mgmt, path, data, token):
    _unverified(fake_idp, fake_mgmt)
    login(client)
    form = dict(data) if token is None else {**data, "csrf_token": token}

    response = client.post(path, data=form)

    assert response.status_code == 400
    assert 'data-error="csrf_failed"' in response.get_data(as_text=True)
    assert fake_mgmt.calls_to("PATCH") == [] and fake_mgmt.jobs == []


def test_another_sessions_token_does_not_save_the_profile(app, client, fake_mgmt):
    other = app.test_client()
    login(other)
    foreign = csrf_token(other)
    login(client)

    response = client.post("/profile", data={"display_name": "Mallory", "csrf_token": foreign})

    assert response.status_code == 400 and fake_mgmt.calls_to("PATCH") == []


def test_the_account_changed_is_always_the_session_users(app, client, fake_idp, fake_mgmt):
    victim = "auth0|victim"
    fake_mgmt.users[victim] = demo_user(user_id=victim, email="victim@example.com")
    _unverified(fake_idp, fake_mgmt)
    login(client)
    token = csrf_token(client, "/profile")

    for attempt in ({"user_id": victim}, {"sub": victim}, {"id": victim}):
        client.post(f"/profile?user_id={victim}", data={
            "display_name": "Mallory", "csrf_token": token, **attempt})
        client.post("/profile/verification-email", data={"csrf_token": token, **attempt})

    assert {c["path"] for c in fake_mgmt.calls} == {f"/api/v2/users/{DEMO_USER_ID}",
                                                    "/api/v2/jobs/verification-email"}
    assert len(fake_mgmt.calls_to("PATCH")) == 3
    assert [job["user_id"] for job in fake_mgmt.jobs] == [DEMO_USER_ID]  # then rate-limited
    assert fake_mgmt.users[victim]["user_metadata"] == demo_user()["user_metadata"]


def test_metadata_with_html_is_escaped(client, fake_mgmt):
    user = fake_mgmt.users[DEMO_USER_ID]
    user["user_metadata"]["display_name"] = HOSTILE
    user["app_metadata"] = {"loyalty_tier": HOSTILE, HOSTILE: "key too"}
    login(client)

    page = client.get("/profile").get_data(as_text=True)

    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_rejected_input_is_echoed_escaped(client, fake_mgmt):
    login(client)
    token = csrf_token(client, "/profile")

    response = client.post("/profile", data={"display_name": HOSTILE * 2,
                                              "preferred_language": '"><script>x</script>',
                                              "csrf_token": token})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<script>" not in page and 'value="&lt;script&gt;' in page


def test_m2m_secret_and_token_never_reach_the_browser_or_logs(client, fake_idp, fake_mgmt,
                                                              caplog):
    caplog.set_level(logging.DEBUG)
    _unverified(fake_idp, fake_mgmt)
    seen = [login(client), client.get("/profile")]
    token = csrf_token(client, "/profile")
    seen.append(client.post("/profile", data={"display_name": "Jane", "csrf_token": token}))
    seen.append(client.post("/profile/verification-email", data={"csrf_token": token}))
    seen += [client.get("/profile"), client.get("/orders"),
             client.post("/orders", data={"item": "x", "quantity": "1", "csrf_token": token})]
    secrets = [fake_mgmt.client_secret, *fake_mgmt.tokens]
    assert fake_mgmt.tokens and fake_mgmt.jobs

    for response in seen:
        text = response.get_data(as_text=True) + str(response.headers)
        assert not any(secret in text for secret in secrets)
    assert not any(secret in str(server_session(client)) for secret in secrets)
    assert "Management API token obtained" in caplog.text
    assert not any(secret in caplog.text for secret in secrets)
