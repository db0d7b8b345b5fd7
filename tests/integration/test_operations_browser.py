"""Operations end to end: a login in the browser reaches the log sink through the tenant's
log stream, and the operations page shows the stream and its health."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.support.logsink import STREAM
from tests.support.tenant import JANE

pytestmark = pytest.mark.integration


def log_in(b2c, universal_login, stack, password: str | None = None) -> None:
    b2c.open()
    b2c.click_log_in()
    universal_login.log_in(JANE, password or stack.target.password(JANE))


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_a_browser_login_arrives_at_the_log_sink(b2c, universal_login, stack, page):
    stack.target.needs_log_sink()
    started = len(stack.log_sink.events("s"))
    log_in(b2c, universal_login, stack)
    b2c.expect_logged_in_as("Jane Traveller")
    events = stack.log_sink.wait_for(
        lambda found: sum(e["data"]["type"] == "s" for e in found) > started, what="the login")
    login = [e for e in events if e["data"]["type"] == "s"][-1]["data"]
    assert login["user_name"] == JANE and login["client_name"] == "Travel0 Web"
    assert any(e["data"]["type"] == "seacft" and e["data"].get("client_name") == "Travel0 Web"
               for e in events), "the app's code exchange too"
    page.goto(stack.log_sink.url + "/")
    expect(page.locator('tr.event[data-type="s"]').first).to_contain_text(JANE)


@pytest.mark.scenario("b2c.phase1.operations.logging")
@pytest.mark.scenario("b2c.phase1.operations.notifications")
def test_the_operations_page_shows_the_stream_delivering(b2c, universal_login, stack, page):
    stack.target.needs_log_sink()
    log_in(b2c, universal_login, stack, password="Not-Janes-Password-1")
    stack.log_sink.wait_for(lambda found: any(e["data"]["type"] == "fp" for e in found),
                            what="the failed login")
    page.goto(stack.target.operations_page())
    row = page.locator("#log-streams tr", has_text=STREAM)
    expect(row).to_have_attribute("data-status", "active")
    expect(row).to_contain_text(stack.log_sink.endpoint)
    expect(row.locator("td").nth(5)).to_have_text("0")  # no failures in a row
    assert requests.get(f"{stack.log_sink.url}/health", timeout=5).json() == {"status": "ok"}
