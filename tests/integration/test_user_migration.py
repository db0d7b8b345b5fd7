"""User migration in the browser: a Travel0 Classic member goes from the legacy app to the new
Travel0 and logs in with their old password (trickle migration through the Travel0-Classic
connection); after the bulk import, another logs in while the legacy API refuses everyone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from apps.legacy import migrate
from apps.legacy.export import export_members, read_members
from tests.support.legacy import CLASSIC, KIM, NOAH, OLIVIA, members
from tests.support.legacy_pages import ClassicApp, tenant_users

pytestmark = [pytest.mark.integration,
              pytest.mark.scenario("b2c.phase1.provisioning.user-migration")]
MANAGER = "Travel0 Management"


@pytest.fixture
def mock_only(stack):
    if stack.target.name != "mock":
        pytest.skip("the legacy app runs on this machine; a real tenant cannot reach it "
                    "(deploy apps/legacy where Auth0's outbound IPs can, see docs/migration.md)")


def in_tenant(stack, email: str) -> list[dict]:
    client_id, secret = stack.target.credentials(MANAGER)
    return [user for user in tenant_users(stack.tenant_url, client_id, secret, email)
            if user["identities"][0]["connection"] == CLASSIC]


def test_a_classic_member_logs_in_to_travel0_with_the_old_password(mock_only, page, stack, b2c,
                                                                    universal_login):
    classic = ClassicApp(page, stack.legacy_url)
    classic.log_in(OLIVIA, members()[OLIVIA])
    classic.expect_member("Olivia M.")
    assert in_tenant(stack, OLIVIA) == [], "not in the tenant before her first login"
    classic.continue_to_new_travel0()
    universal_login.expect_shown()
    expect(page.get_by_label("Email address")).to_have_value(OLIVIA)
    universal_login.log_in(OLIVIA, members()[OLIVIA])
    b2c.expect_logged_in_as("Olivia M.")
    [user] = in_tenant(stack, OLIVIA)
    assert user["user_id"] == "auth0|classic-1001"
    assert user["app_metadata"]["loyalty_points"] == 5400


def test_after_the_bulk_import_a_member_logs_in_without_the_legacy_app(mock_only, page, stack,
                                                                      b2c, universal_login,
                                                                      monkeypatch):
    client_id, secret = stack.target.credentials(MANAGER)
    api = migrate.management_client(stack.tenant_url, client_id, secret)
    exported = export_members(read_members(stack.legacy_app.config["DATABASE_URL"]))
    outcome = migrate.import_records(api, CLASSIC, exported.records, poll_interval=0)
    assert NOAH not in outcome.duplicates and [e for e, _ in outcome.rejected] == [KIM]
    # The legacy API now refuses everyone: whatever works from here on is the tenant's own.
    monkeypatch.setitem(stack.legacy_app.config, "API_SECRET", None)
    b2c.open(f"/login?connection={CLASSIC}")
    universal_login.log_in(NOAH, members()[NOAH])
    b2c.expect_logged_in_as("Noah Kim")
    assert in_tenant(stack, NOAH)[0]["user_id"] == "auth0|classic-1002"
