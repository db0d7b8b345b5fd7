"""Travel0 Classic: its own login page, and the API the tenant's migration scripts call —
behind a shared secret and an IP allow-list (the cookbook's firewall topic)."""

from __future__ import annotations

import re

import pytest

from apps.legacy import create_app
from apps.legacy.db import dispose
from tests.support.legacy import (
    API_SECRET,
    CORAL,
    MARCO,
    NOAH,
    OLIVIA,
    legacy_settings,
    members,
)

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.provisioning.user-migration")]


def test_verify_answers_the_members_profile_without_the_hash(client, auth):
    response = client.post("/api/users/verify", headers=auth,
                           json={"email": " Olivia@Classic.example ", "password": members()[OLIVIA]})
    assert response.status_code == 200
    assert response.json == {"id": 1001, "email": OLIVIA, "agency": None, "first_name": "Olivia",
                             "last_name": "Martin", "display_name": "Olivia M.",
                             "email_confirmed": True, "newsletter": True, "language": "fr",
                             "member_since": "2013-04-02", "loyalty_points": 5400}
    assert "hash" not in response.text and "PBKDF2" not in response.text


@pytest.mark.parametrize(("email", "password"), [(OLIVIA, "Olivia-Guess-1"),
                                                 ("nobody@classic.example", "Whatever-1")])
def test_verify_refuses_wrong_passwords_and_unknown_members_alike(client, auth, email, password):
    response = client.post("/api/users/verify", headers=auth,
                           json={"email": email, "password": password})
    assert response.status_code == 401 and response.json["error"] == "invalid_credentials"


def test_by_email_finds_a_member_or_answers_404(client, auth):
    found = client.get("/api/users/by-email", query_string={"email": NOAH}, headers=auth)
    assert found.status_code == 200 and found.json["id"] == 1002 and "password" not in found.text
    missing = client.get("/api/users/by-email", query_string={"email": "x@y.example"},
                         headers=auth)
    assert missing.status_code == 404 and missing.json["error"] == "not_found"


@pytest.mark.scenario("b2b.phase1.provisioning.user-migration")
def test_an_agency_is_asked_about_its_agents_and_the_consumers_about_consumers(client, auth):
    def verify(email: str, **agency) -> int:
        return client.post("/api/users/verify", headers=auth, json={
            "email": email, "password": members()[email], **agency}).status_code

    assert verify(MARCO, agency=CORAL) == 200
    assert verify(MARCO) == 401, "an agent is not a consumer"
    assert verify(OLIVIA, agency=CORAL) == 401, "a consumer is not the agency's"
    assert verify(MARCO, agency="lagoon-tours") == 401
    found = client.get("/api/users/by-email", headers=auth,
                       query_string={"email": MARCO, "agency": CORAL})
    assert found.status_code == 200 and found.json["agency"] == CORAL
    assert client.get("/api/users/by-email", headers=auth,
                      query_string={"email": MARCO}).status_code == 404


@pytest.mark.parametrize("body", [None, [], {"email": OLIVIA}, {"email": 1, "password": "x"},
                                  {"email": "", "password": "x"},
                                  {"email": OLIVIA, "password": "x", "agency": ["x"]},
                                  {"email": OLIVIA, "password": "x", "agency": "x" * 101}])
def test_malformed_requests_get_json_400s(client, auth, body):
    response = client.post("/api/users/verify", headers=auth, json=body)
    assert response.status_code == 400 and response.json["error"] == "invalid_request"


@pytest.mark.scenario("b2c.phase1.operations.firewall")
@pytest.mark.scenario("b2b.phase1.operations.firewall")
def test_the_firewall_answers_403_to_other_addresses_even_with_the_secret(client, auth):
    for address in ("10.0.0.5", "192.0.2.1", "2001:db8::1"):
        response = client.get("/api/users/by-email", query_string={"email": OLIVIA},
                              headers=auth, environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 403 and response.json["error"] == "forbidden"
    allowed = client.get("/api/users/by-email", query_string={"email": OLIVIA}, headers=auth,
                         environ_base={"REMOTE_ADDR": "::1"})
    assert allowed.status_code == 200


@pytest.mark.scenario("b2c.phase1.operations.firewall")
@pytest.mark.scenario("b2b.phase1.operations.firewall")
def test_the_allow_list_is_configurable_for_the_tenants_published_addresses(tmp_path, auth):
    app = create_app(legacy_settings(tmp_path, ALLOWED_IPS="174.129.105.183, 18.116.79.126/32"))
    try:
        client = app.test_client()
        ok = client.get("/api/users/by-email", query_string={"email": OLIVIA}, headers=auth,
                        environ_base={"REMOTE_ADDR": "18.116.79.126"})
        local = client.get("/api/users/by-email", query_string={"email": OLIVIA}, headers=auth)
        assert ok.status_code == 200 and local.status_code == 403
    finally:
        dispose(app)


def test_an_api_without_a_secret_configured_answers_nobody(tmp_path, auth):
    app = create_app(legacy_settings(tmp_path, API_SECRET=None))
    try:
        response = app.test_client().get("/api/users/by-email", query_string={"email": OLIVIA},
                                         headers=auth)
        assert response.status_code == 503 and response.json["error"] == "not_configured"
    finally:
        dispose(app)


def csrf(page_text: str) -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', page_text).group(1)


def test_members_log_in_to_the_legacy_app_and_see_the_moving_notice(client):
    token = csrf(client.get("/login").text)
    wrong = client.post("/login", data={"_csrf": token, "email": OLIVIA, "password": "nope"})
    assert wrong.status_code == 400 and "Invalid email or password." in wrong.text
    right = client.post("/login", data={"_csrf": token, "email": OLIVIA,
                                        "password": members()[OLIVIA]})
    assert right.status_code == 302
    home = client.get("/").text
    assert "Hello, Olivia M." in home and 'id="loyalty-points">5400<' in home
    link = re.search(r'id="new-app-link" class="button" href="([^"]+)"', home).group(1)
    assert link == ("http://localhost:5000/login?connection=Travel0-Classic&amp;"
                    "login_hint=olivia%40classic.example")


def test_legacy_forms_need_their_csrf_token(client):
    response = client.post("/login", data={"email": OLIVIA, "password": members()[OLIVIA]})
    assert response.status_code == 400 and "The form expired" in response.text


def test_the_session_cookie_is_the_legacy_apps_own(client):
    token = csrf(client.get("/login").text)
    response = client.post("/login", data={"_csrf": token, "email": OLIVIA,
                                           "password": members()[OLIVIA]})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("legacy_session=") and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert API_SECRET not in cookie
