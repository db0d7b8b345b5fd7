"""Calls to Travel0 Classic's API that must fail: no secret, a wrong one, from an address
outside the allow-list (even with the right secret, or claiming another address in a
header), injection-looking input and oversized bodies."""

from __future__ import annotations

import pytest

from tests.support.legacy import API_SECRET, OLIVIA, members

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2c.phase1.operations.firewall"),
              pytest.mark.scenario("b2b.phase1.operations.firewall")]

ENDPOINTS = [("post", "/api/users/verify", {"json": {"email": OLIVIA, "password": "x"}}),
             ("get", "/api/users/by-email", {"query_string": {"email": OLIVIA}})]


@pytest.mark.parametrize(("method", "path", "kwargs"), ENDPOINTS)
@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer "}, {"Authorization": "Bearer wrong-secret"},
    {"Authorization": f"Basic {API_SECRET}"}, {"Authorization": f"Bearer {API_SECRET}x"},
    {"Authorization": f"Bearer {API_SECRET[:-1]}"}, {"X-Api-Key": API_SECRET},
])
def test_without_the_right_secret_the_api_answers_401(client, method, path, kwargs, headers):
    response = getattr(client, method)(path, headers=headers, **kwargs)
    assert response.status_code == 401 and response.json["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Olivia" not in response.text


@pytest.mark.parametrize(("method", "path", "kwargs"), ENDPOINTS)
def test_outside_the_allow_list_even_the_secret_gets_403(client, auth, method, path, kwargs):
    response = getattr(client, method)(path, headers={**auth, "X-Forwarded-For": "127.0.0.1"},
                                       environ_base={"REMOTE_ADDR": "203.0.113.50"}, **kwargs)
    assert response.status_code == 403 and "Olivia" not in response.text


def test_the_firewall_answers_first_so_outsiders_learn_nothing_about_the_secret(client):
    response = client.get("/api/users/by-email", query_string={"email": OLIVIA},
                          environ_base={"REMOTE_ADDR": "203.0.113.50"})
    assert response.status_code == 403 and "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize("email", [
    "' OR '1'='1", "olivia@classic.example' --", "%", "olivia@classic.example'; DROP TABLE members;--",
    "\" OR 1=1 --", "*", "olivia@classic.example\x00",
])
def test_injection_looking_input_matches_nobody_and_breaks_nothing(client, auth, email):
    lookup = client.get("/api/users/by-email", query_string={"email": email}, headers=auth)
    assert lookup.status_code in (400, 404)
    verify = client.post("/api/users/verify", headers=auth,
                         json={"email": email, "password": "' OR '1'='1"})
    assert verify.status_code in (400, 401)
    still_there = client.post("/api/users/verify", headers=auth,
                              json={"email": OLIVIA, "password": members()[OLIVIA]})
    assert still_there.status_code == 200


def test_oversized_and_non_json_bodies_are_refused(client, auth):
    huge = client.post("/api/users/verify", headers=auth,
                       json={"email": OLIVIA, "password": "x" * 20000})
    assert huge.status_code == 413 and huge.is_json
    form = client.post("/api/users/verify", headers=auth, data={"email": OLIVIA, "password": "x"})
    assert form.status_code == 400
