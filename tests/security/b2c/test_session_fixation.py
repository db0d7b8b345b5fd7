"""Session fixation: the id a visitor had before login is worthless after it."""

from __future__ import annotations

import pytest

from tests.mock.b2c.support import COOKIE, authorize, start_login

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2c.phase1.authentication.universal-login")]


def test_session_id_changes_at_login_and_the_old_one_is_dead(app, client):
    url, _ = start_login(client)
    before = client.get_cookie(COOKIE).value

    client.get(authorize(url))

    after = client.get_cookie(COOKIE).value
    assert after != before
    assert client.get("/profile").status_code == 200
    client.set_cookie(COOKIE, before)
    assert client.get("/profile").status_code == 302
    assert app.extensions["cookbook_sessions"].count() == 1


def test_forged_or_unsigned_session_ids_are_ignored(app, client):
    url, _ = start_login(client)
    client.get(authorize(url))
    signed = client.get_cookie(COOKIE).value
    raw_id = signed.rsplit(".", 1)[0]

    for forged in (raw_id, raw_id + ".forged-signature", "attacker-chosen-id"):
        client.set_cookie(COOKIE, forged)
        assert client.get("/profile").status_code == 302, forged


def test_planted_cookie_is_not_adopted(client):
    client.set_cookie(COOKIE, "attacker-chosen-id")
    url, _ = start_login(client)
    assert client.get_cookie(COOKIE).value != "attacker-chosen-id"
    client.get(authorize(url))
    assert client.get_cookie(COOKIE).value != "attacker-chosen-id"
