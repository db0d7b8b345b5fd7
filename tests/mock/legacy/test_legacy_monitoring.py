"""Travel0 Classic's own /health and /metrics: member logins counted by outcome."""

from __future__ import annotations

import re

import pytest

from tests.support.legacy import OLIVIA, members
from tests.support.monitoring import sample

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.operations.monitoring")]


def test_member_logins_are_counted_by_outcome(client):
    token = re.search(r'name="_csrf" value="([^"]+)"', client.get("/login").text).group(1)
    for email, password in ((OLIVIA, "nope"), ("nobody@classic.example", "nope"),
                            (OLIVIA, members()[OLIVIA])):
        client.post("/login", data={"_csrf": token, "email": email, "password": password})
    text = client.get("/metrics").get_data(as_text=True)
    for outcome in ("wrong_password", "unknown_user", "success"):
        assert sample(text, "cookbook_logins_total", outcome=outcome) == 1, outcome
    assert client.get("/health").get_json() == {"status": "ok", "checks": {"database": "ok"}}
