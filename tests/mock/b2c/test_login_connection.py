"""The app passes a ``connection`` asked for on its login URL on to ``/authorize`` (how the
legacy app's "Continue to the new Travel0" reaches the migrating database connection); names
that cannot be Auth0 connection names are dropped."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.mock.b2c.support import start_login

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.provisioning.user-migration")]


def test_the_connection_goes_to_authorize_with_the_login_hint(client):
    _url, params = start_login(
        client, "/login?connection=Travel0-Classic&login_hint=olivia%40classic.example")
    assert params["connection"] == "Travel0-Classic"
    assert params["login_hint"] == "olivia@classic.example"


@pytest.mark.parametrize("name", ["", "-Travel0", "Travel0-", "a--b", "x" * 129, "a b",
                                  "a&prompt=none", "Travel0_Classic"])
def test_names_auth0_would_not_accept_are_not_passed_on(client, name):
    _url, params = start_login(client, "/login?" + urlencode({"connection": name}))
    assert "connection" not in params
