"""Tokens stay on the server: never in a cookie, a page or a log line."""

from __future__ import annotations

import logging

import pytest

from tests.mock.b2c.support import JWT_PATTERN, csrf_token, login

pytestmark = pytest.mark.security


def _secrets(idp) -> list[str]:
    return [value for issued in idp.issued
            for key, value in issued.items() if key.endswith("_token")]


def test_no_token_in_cookies_pages_or_logs(client, fake_idp, caplog):
    caplog.set_level(logging.DEBUG)
    fake_idp.access_token_ttl = 10  # force a refresh too
    seen = [login(client, "/login?next=/orders")]
    seen += [client.get(p) for p in ("/", "/profile", "/orders")]
    seen.append(client.post("/logout/tenant", data={"csrf_token": csrf_token(client)}))
    tokens = _secrets(fake_idp)
    assert len(tokens) >= 6  # two responses: login and refresh

    for response in seen[:-1]:
        text = response.get_data(as_text=True) + " ".join(response.headers.getlist("Set-Cookie"))
        assert not any(token in text for token in tokens)
    login(client)
    cookie = client.get_cookie("b2c_session").value
    assert not JWT_PATTERN.search(cookie) and not any(token in cookie for token in _secrets(
        fake_idp))
    assert caplog.records, "the flow should have logged something"
    assert not any(token in caplog.text for token in tokens)
    assert "user logged in: auth0|demo-user" in caplog.text


def test_session_table_does_not_hold_the_cookie_id(app, client, tmp_path):
    login(client)
    cookie = client.get_cookie("b2c_session").value
    raw_id = cookie.rsplit(".", 1)[0]
    app.extensions["cookbook_sessions"].dispose()
    assert raw_id.encode() not in (tmp_path / "b2c.db").read_bytes()
