"""The profile page edits ``user_metadata`` through the app's back end and the Management API."""

from __future__ import annotations

import re
import time

import pytest

from apps.b2c import create_app
from tests.mock.b2c.support import app_config, closed_port_url, csrf_token, dispose, login
from tests.support.fake_management import DEMO_USER_ID, stamp

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.profile.metadata")]

USER_PATH = f"/api/v2/users/{DEMO_USER_ID.replace('|', '%7C')}"


def save(client, **fields):
    data = {"display_name": "", "preferred_language": "", "csrf_token": csrf_token(client,
                                                                                    "/profile")}
    data.update(fields)
    return client.post("/profile", data=data)


def patches(fake_mgmt) -> list[dict]:
    return fake_mgmt.calls_to("PATCH")


def test_profile_shows_the_tenants_profile_and_the_id_token(client, fake_idp, fake_mgmt):
    fake_idp.id_token_claims = {"updated_at": stamp(-7200)}
    login(client)

    response = client.get("/profile")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert fake_mgmt.calls_to("GET")[-1]["path"] in (USER_PATH, f"/api/v2/users/{DEMO_USER_ID}")
    assert re.search(r'<option value="en" selected>English</option>', page)
    assert re.search(r'id="marketing_consent" name="marketing_consent" value="yes" checked', page)
    assert '<tr data-key="loyalty_tier"><th scope="row">loyalty_tier</th><td><code>gold</code>' \
        in page
    assert not re.search(r'<input[^>]+name="(app_metadata|loyalty_tier)', page)
    assert fake_mgmt.users[DEMO_USER_ID]["updated_at"] in page
    assert 'id="id-token-stale"' in page  # the account changed after the token was issued
    assert 'data-claim="updated_at"' in page


def test_management_token_is_client_credentials_for_the_api_v2_audience(client, fake_mgmt):
    login(client)
    client.get("/profile")
    client.get("/profile")

    assert fake_mgmt.token_requests == [{
        "grant_type": "client_credentials", "client_id": fake_mgmt.client_id,
        "client_secret": fake_mgmt.client_secret, "audience": f"{fake_mgmt.url}/api/v2/"}]
    assert {c["authorization"] for c in fake_mgmt.calls} == {f"Bearer {fake_mgmt.tokens[0]}"}


def test_token_close_to_expiry_is_replaced(app, client, fake_mgmt):
    fake_mgmt.token_ttl = 120
    login(client)
    client.get("/profile")
    api = app.extensions["cookbook_management"]
    api.clock = lambda: time.time() + 59  # a minute left: still good
    client.get("/profile")
    assert len(fake_mgmt.token_requests) == 1

    api.clock = lambda: time.time() + 61  # less than a minute left: replaced before use
    client.get("/profile")

    assert len(fake_mgmt.token_requests) == 2
    assert fake_mgmt.calls[-1]["authorization"] == f"Bearer {fake_mgmt.tokens[-1]}"


def test_revoked_token_is_replaced_once_and_the_call_retried(client, fake_mgmt):
    login(client)
    client.get("/profile")
    fake_mgmt.revoke_tokens()

    assert client.get("/profile").status_code == 200
    assert len(fake_mgmt.token_requests) == 2
    assert [c["authorization"] for c in fake_mgmt.calls[-2:]] == [
        f"Bearer {fake_mgmt.tokens[0]}", f"Bearer {fake_mgmt.tokens[1]}"]


def test_edit_sends_only_the_metadata_keys_with_the_m2m_token(client, fake_mgmt):
    login(client)

    response = save(client, display_name="  Jane on the road ", preferred_language="fr",
                    marketing_consent="yes")

    assert response.status_code == 303 and response.headers["Location"] == "/profile"
    [patch] = patches(fake_mgmt)
    assert patch["json"] == {"user_metadata": {"display_name": "Jane on the road",
                                               "marketing_consent": True,
                                               "preferred_language": "fr"}}
    assert patch["authorization"] == f"Bearer {fake_mgmt.tokens[-1]}"
    assert fake_mgmt.users[DEMO_USER_ID]["app_metadata"] == {"loyalty_tier": "gold"}
    page = client.get("/profile").get_data(as_text=True)
    assert "Your profile was saved" in page
    assert 'value="Jane on the road"' in page and '<option value="fr" selected>' in page


def test_untick_and_empty_fields_clear_those_keys_only(client, fake_mgmt):
    fake_mgmt.users[DEMO_USER_ID]["user_metadata"]["newsletter_topics"] = ["rail"]
    login(client)

    save(client)  # nothing ticked, nothing typed, language "Not set"

    assert patches(fake_mgmt)[-1]["json"] == {"user_metadata": {
        "display_name": None, "marketing_consent": False, "preferred_language": None}}
    assert fake_mgmt.users[DEMO_USER_ID]["user_metadata"] == {
        "marketing_consent": False, "newsletter_topics": ["rail"]}  # other keys kept (merge)


@pytest.mark.parametrize(("fields", "error_id"), [
    ({"display_name": "x" * 51}, "display_name-error"),
    ({"display_name": "two\nlines"}, "display_name-error"),
    ({"preferred_language": "klingon"}, "preferred_language-error"),
])
def test_invalid_input_is_refused_and_kept(client, fake_mgmt, fields, error_id):
    login(client)

    response = save(client, marketing_consent="yes", **{"display_name": "Keep me", **fields})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{error_id}"' in page and 'aria-invalid="true"' in page
    if "display_name" not in fields:
        assert 'value="Keep me"' in page
    assert 'value="yes" checked' in page
    assert patches(fake_mgmt) == []


def test_forged_fields_never_reach_the_tenant(client, fake_mgmt):
    login(client)

    save(client, display_name="Jane", app_metadata='{"loyalty_tier": "platinum"}',
         loyalty_tier="platinum", user_id="auth0|someone-else", **{
             "user_metadata[role]": "admin", "email_verified": "true"})

    [patch] = patches(fake_mgmt)
    assert set(patch["json"]) == {"user_metadata"}
    assert set(patch["json"]["user_metadata"]) == {"display_name", "marketing_consent",
                                                   "preferred_language"}
    assert patch["path"] in (USER_PATH, f"/api/v2/users/{DEMO_USER_ID}")
    assert fake_mgmt.users[DEMO_USER_ID]["app_metadata"] == {"loyalty_tier": "gold"}


def test_tenant_refusing_the_change_is_shown_with_the_input_kept(client, fake_mgmt):
    login(client)
    csrf = csrf_token(client, "/profile")
    fake_mgmt.fail_next = (400, {"statusCode": 400, "error": "Bad Request",
                                 "message": "Payload validation error: 'user_metadata' too big",
                                 "errorCode": "invalid_body"})

    response = client.post("/profile", data={"display_name": "Jane", "preferred_language": "de",
                                              "csrf_token": csrf})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="profile-form-error"' in page and "too big" in page
    assert 'value="Jane"' in page and '<option value="de" selected>' in page


def test_management_api_down_is_a_clear_502(fake_idp, fake_api, tmp_path):
    app = create_app(app_config(fake_idp, fake_api.url, tmp_path, MGMT_DOMAIN=closed_port_url()))
    try:
        client = app.test_client()
        login(client)
        response = client.get("/profile")
        assert response.status_code == 502
        page = response.get_data(as_text=True)
        assert 'data-error="upstream_unavailable"' in page and "account service" in page
    finally:
        dispose(app)


@pytest.mark.parametrize(("status", "shown", "code"), [
    (500, 502, "upstream_unavailable"), (503, 502, "upstream_unavailable"),
    (403, 502, "upstream_unavailable"), (404, 404, "inexistent_user"),
    (429, 503, "too_many_requests"),
])
def test_management_api_errors_become_clear_pages(client, fake_mgmt, status, shown, code):
    login(client)
    fake_mgmt.fail_next = (status, {"statusCode": status, "error": "x", "message": "nope",
                                    "errorCode": "some_code"})

    response = client.get("/profile")

    assert response.status_code == shown
    assert f'data-error="{code}"' in response.get_data(as_text=True)


def test_tenant_refusing_the_m2m_credentials_is_a_502(fake_idp, fake_api, fake_mgmt, tmp_path):
    app = create_app(app_config(fake_idp, fake_api.url, tmp_path, mgmt=fake_mgmt,
                                MGMT_CLIENT_SECRET="wrong"))
    try:
        client = app.test_client()
        login(client)
        response = client.get("/profile", headers={"Accept": "application/json"})
        assert response.status_code == 502
        assert response.get_json()["error"] == "upstream_unavailable"
        assert fake_mgmt.calls == []
    finally:
        dispose(app)


def test_save_requires_login(client, fake_mgmt):
    response = client.post("/profile", data={"display_name": "x"})
    assert response.status_code in (302, 400)  # CSRF first: no session, no token
    assert fake_mgmt.calls == []
