"""The two-stage migration: members trickle over as they log in, then one bulk import (through
the Management API and the official auth0-python client) brings everyone else, with their
old passwords; already-migrated members and broken rows are reported, nobody is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from apps.legacy import migrate
from apps.legacy.export import export_members, read_members
from mock_idp import create_app
from mock_idp.db import dispose
from mock_idp.models import LogEvent, Organization, OrganizationMember, User
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, RequestsHttp
from tests.support.legacy import (  # noqa: F401 - fixture
    AGENTS,
    AMELIA,
    API_SECRET,
    CALLBACK,
    CLASSIC,
    CORAL,
    CORAL_CONNECTION,
    INES,
    KIM,
    MARCO,
    NOAH,
    OLIVIA,
    consumers,
    legacy,
    members,
)
from tests.support.orgs import PARTNERS, PARTNERS_CALLBACK
from tests.support.servers import LiveServer

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2c.phase1.provisioning.user-migration"),
              pytest.mark.scenario("b2b.phase1.provisioning.user-migration")]
MANAGER = "Travel0 Management"


class Tenant:
    def __init__(self, app, url: str):
        self.app, self.url, self.http = app, url, RequestsHttp(url)

    def client(self, name: str) -> dict:
        return next(c for c in self.http.get("/_cookbook/clients").json() if c["name"] == name)

    def login(self, email: str, password: str) -> dict:
        web = self.client("Travel0 Web")
        flow = CodeFlow(RequestsHttp(self.url), web["client_id"], CALLBACK, web["client_secret"])
        return flow.login(email, password, connection=CLASSIC)

    def partners_flow(self) -> CodeFlow:
        partners = self.client(PARTNERS)
        return CodeFlow(RequestsHttp(self.url), partners["client_id"], PARTNERS_CALLBACK,
                        partners["client_secret"])

    def org_login(self, email: str, password: str, org_name: str) -> dict:
        """A Travel0 Partners login to ``org_name`` (the agency's connection)."""
        return self.partners_flow().login(email, password, organization=org_name)

    def users(self, connection: str = CLASSIC) -> dict[str, User]:
        with self.app.extensions["mock_idp.db"]() as db:
            return {u.email: u for u in db.scalars(select(User)
                                                   .where(User.connection == connection))}

    def org_members(self, org_name: str) -> set[str]:
        with self.app.extensions["mock_idp.db"]() as db:
            org = db.scalar(select(Organization).where(Organization.name == org_name))
            return set(db.scalars(select(OrganizationMember.user_id)
                                  .where(OrganizationMember.organization_id == org.id)))


@pytest.fixture
def tenant(tmp_path, legacy):  # noqa: F811
    server = LiveServer()
    app = create_app(tenant_overrides(
        tmp_path, PUBLIC_URL=server.url, MGMT_RATE_LIMIT=10**6, MGMT_RATE_REFILL=10**6,
        KEYWORDS={"LEGACY_API_URL": legacy.url, "LEGACY_API_SECRET": API_SECRET}))
    server.start(app)
    yield Tenant(app, server.url)
    server.stop()
    dispose(app)


def run_migrate(tenant: Tenant, legacy, monkeypatch, capsys,  # noqa: F811
                *extra: str) -> tuple[int, str]:
    manager = tenant.client(MANAGER)
    monkeypatch.setenv("AUTH0_CLIENT_ID", manager["client_id"])
    monkeypatch.setenv("AUTH0_CLIENT_SECRET", manager["client_secret"])
    arguments = ["--domain", tenant.url, "--database-url", legacy.app.config["DATABASE_URL"]]
    status = migrate.main([*arguments, *(extra or ("--connection", CLASSIC))], poll_interval=0)
    return status, capsys.readouterr().out


def test_trickle_first_then_bulk_for_the_rest(tenant, legacy, monkeypatch, capsys):  # noqa: F811
    tenant.login(OLIVIA, members()[OLIVIA])  # stage 1: she logs in, she moves
    olivia = tenant.users()[OLIVIA]
    tenant.login(OLIVIA, members()[OLIVIA])

    status, out = run_migrate(tenant, legacy, monkeypatch, capsys)  # stage 2: everyone else
    assert status == 0
    assert out.splitlines()[0] == ("exported 6 members in 1 import job(s): 4 imported, "
                                   "1 already in the tenant, 1 rejected")
    assert f"already migrated (kept as they are): {OLIVIA}" in out
    assert f"rejected: {KIM}: INVALID_FORMAT" in out

    users = tenant.users()
    assert set(users) == set(consumers()) - {KIM}, "every consumer but the broken row"
    assert users[OLIVIA].password_hash == olivia.password_hash, "upsert off: untouched"
    assert users[OLIVIA].logins_count == 2
    assert users[NOAH].password_hash.startswith("$pbkdf2-sha256$i=36000,l=32$")
    assert users[NOAH].user_id == "auth0|classic-1002"
    assert users[AMELIA].email_verified is False

    legacy.stop()  # from now on the legacy app is gone
    assert "id_token" in tenant.login(NOAH, members()[NOAH]), "his old password, via the hash"
    assert tenant.users()[NOAH].password_hash.startswith("$2b$"), "upgraded to bcrypt at login"
    assert "id_token" in tenant.login(NOAH, members()[NOAH]), "and the new hash works"
    assert "id_token" in tenant.login(OLIVIA, members()[OLIVIA])
    with tenant.app.extensions["mock_idp.db"]() as db:
        assert db.scalar(select(func.count()).select_from(LogEvent)
                         .where(LogEvent.type == "f")) == 0, "no script ran after the move"
        assert db.scalar(select(func.count()).select_from(LogEvent)
                         .where(LogEvent.type == "sui")) == 1


def test_running_the_bulk_import_twice_loses_and_duplicates_nothing(tenant, legacy,  # noqa: F811
                                                                     monkeypatch, capsys):
    run_migrate(tenant, legacy, monkeypatch, capsys)
    before = tenant.users()
    status, out = run_migrate(tenant, legacy, monkeypatch, capsys)
    assert status == 0 and "0 imported, 5 already in the tenant, 1 rejected" in out
    assert {e: u.user_id for e, u in tenant.users().items()} == \
        {e: u.user_id for e, u in before.items()}


def test_the_export_matches_what_the_job_is_given(legacy):  # noqa: F811
    exported = export_members(read_members(legacy.app.config["DATABASE_URL"]))
    assert [r["email"] for r in exported.records] == list(consumers()), "agents go elsewhere"
    assert exported.without_password == []


def test_a_missing_connection_or_credentials_stop_the_migration(tenant, legacy,  # noqa: F811
                                                                monkeypatch, capsys):
    monkeypatch.delenv("AUTH0_CLIENT_ID", raising=False)
    assert migrate.main(["--domain", tenant.url]) == 2
    manager = tenant.client(MANAGER)
    monkeypatch.setenv("AUTH0_CLIENT_ID", manager["client_id"])
    monkeypatch.setenv("AUTH0_CLIENT_SECRET", manager["client_secret"])
    assert migrate.main(["--domain", tenant.url, "--connection", "Nope",
                         "--database-url", legacy.app.config["DATABASE_URL"]]) == 1
    assert "the tenant has no connection named Nope" in capsys.readouterr().err
    monkeypatch.setenv("AUTH0_CLIENT_SECRET", "wrong")
    assert migrate.main(["--domain", tenant.url,
                         "--database-url", legacy.app.config["DATABASE_URL"]]) == 1
    assert "no Management API token" in capsys.readouterr().err


@pytest.mark.scenario("b2b.phase1.provisioning.user-migration")
def test_an_agencys_agents_trickle_then_bulk_into_its_own_connection(tenant, legacy,  # noqa: F811
                                                                     monkeypatch, capsys):
    marco = tenant.org_login(MARCO, members()[MARCO], CORAL)  # stage 1, at the agency's login
    assert "id_token" in marco
    assert set(tenant.users(CORAL_CONNECTION)) == {MARCO}
    assert tenant.users(CLASSIC) == {}, "agents never land in the consumers' connection"

    status, out = run_migrate(tenant, legacy, monkeypatch, capsys, "--agency", CORAL,
                              "--connection", CORAL_CONNECTION)  # stage 2: the rest of them
    assert status == 0
    assert out.splitlines()[0] == ("exported 3 members in 1 import job(s): 2 imported, "
                                   "1 already in the tenant, 0 rejected")
    agents = tenant.users(CORAL_CONNECTION)
    assert set(agents) == set(AGENTS) and tenant.users(CLASSIC) == {}
    assert agents[INES].app_metadata["classic_agency"] == CORAL
    assert tenant.org_members(CORAL) == {agents[MARCO].user_id}, "imported: not members yet"

    legacy.stop()  # the legacy app is gone: Ines logs in with the hash that came with her
    assert "id_token" in tenant.org_login(INES, members()[INES], CORAL)
    assert tenant.org_members(CORAL) == {agents[MARCO].user_id, agents[INES].user_id}, \
        "assign_membership_on_login made her a member at her first login"


@pytest.mark.scenario("b2b.phase1.provisioning.user-migration")
def test_a_consumers_classic_password_does_not_open_the_agency(tenant, legacy):  # noqa: F811
    flow = tenant.partners_flow()
    first = flow.authorize(organization=CORAL)
    answer = flow.submit_login(first.location, OLIVIA, members()[OLIVIA])
    assert answer.status == 400 and "Wrong email or password" in answer.text
    assert tenant.users(CORAL_CONNECTION) == {} and tenant.org_members(CORAL) == set()
