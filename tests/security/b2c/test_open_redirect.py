"""``next`` after login: only same-site relative paths, whatever the encoding tricks."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.mock.b2c.support import login

pytestmark = [pytest.mark.security,
              pytest.mark.scenario("b2c.phase1.authentication.universal-login")]

HOSTILE = [
    "//evil.example/",
    "///evil.example/",
    "https://evil.example/",
    "http:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\r\nLocation: https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    " //evil.example",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_next_is_never_followed(client, target):
    response = login(client, f"/login?next={quote(target, safe='')}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_unauthenticated_redirect_keeps_next_relative(client):
    response = client.get("/orders", base_url="http://localhost")
    assert response.headers["Location"] == "/login?next=/orders"
