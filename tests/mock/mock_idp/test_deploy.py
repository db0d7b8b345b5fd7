"""Deployment automation: the qa rendering pushed to a running tenant through its Management
API — plan first, idempotent, no deletions where the environment forbids them."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import update

from mock_idp.models import LogStream
from mock_idp.tenant import load_tenant
from scenarios.cli import main
from scenarios.deploy import Remote, apply, plan
from scenarios.management import Management
from tests.support.management import live_tenant  # noqa: F401 - fixture
from tests.support.tenant import TENANTS

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.deployment.automation"),
              pytest.mark.scenario("b2b.phase1.deployment.automation")]


DEPLOYER = "Travel0 Deploy"


@pytest.fixture
def deployer(live_tenant):  # noqa: F811 - the imported fixture
    """The pipeline's client, with exactly the grant the tenant files give it."""
    client = live_tenant.clients()[DEPLOYER]
    return Management(live_tenant.url, client["client_id"], client["client_secret"])


def files(env: str, deployer: Management):
    """The tenant files for ``env``, aimed at the deployer's tenant."""
    return load_tenant(TENANTS / "main", env, {"MANAGEMENT_API_AUDIENCE": f"{deployer.api}/"})


def web_client(deployer) -> dict:
    return next(c for c in deployer.all("/clients", "clients") if c["name"] == "Travel0 Web")


def test_deploying_qa_to_a_dev_tenant_changes_only_what_differs(deployer):
    spec = files("qa", deployer)
    changes = plan(spec, Remote.read(deployer))
    changed = {(c.kind, c.name) for c in changes if c.action != "keep"}
    assert ("client", "Travel0 Web") in changed
    update = next(c for c in changes if c.name == "Travel0 Web")
    assert set(update.payload) == {"callbacks", "allowed_logout_urls", "web_origins"}
    assert ("role", "customer") not in changed, "roles are the same in every environment"
    apply(changes, deployer, allow_delete=True)
    assert web_client(deployer)["callbacks"] == ["https://qa.travel0.example/callback"]
    again = plan(spec, Remote.read(deployer))
    assert [c.describe() for c in again if c.action != "keep"] == [], "a second deploy is a no-op"


def test_dry_run_changes_nothing(deployer, live_tenant, monkeypatch, capsys):  # noqa: F811
    client = live_tenant.clients()[DEPLOYER]
    monkeypatch.setenv("AUTH0_DEPLOY_CLIENT_ID", client["client_id"])
    monkeypatch.setenv("AUTH0_DEPLOY_CLIENT_SECRET", client["client_secret"])
    assert main(["tenant", "deploy", "--env", "qa", "--domain", live_tenant.url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "update client           Travel0 Web" in out and "dry run" in out
    assert web_client(deployer)["callbacks"] == ["http://localhost:5000/callback"]


def test_prod_deploy_never_deletes(deployer, live_tenant, monkeypatch, capsys):  # noqa: F811
    deployer.call("POST", "/roles", json={"name": "made-in-the-dashboard", "description": "x"})
    client = live_tenant.clients()[DEPLOYER]
    monkeypatch.setenv("AUTH0_DEPLOY_CLIENT_ID", client["client_id"])
    monkeypatch.setenv("AUTH0_DEPLOY_CLIENT_SECRET", client["client_secret"])
    assert main(["tenant", "deploy", "--env", "prod", "--domain", live_tenant.url]) == 0
    out = capsys.readouterr().out
    assert "kept   role             made-in-the-dashboard (deletions are off for prod)" in out
    assert "made-in-the-dashboard" in {r["name"] for r in deployer.all("/roles", "roles")}
    assert web_client(deployer)["callbacks"] == ["https://www.travel0.example/callback"]


def test_dev_deploy_removes_what_the_files_do_not_have(deployer):
    deployer.call("POST", "/roles", json={"name": "made-in-the-dashboard", "description": "x"})
    spec = files("dev", deployer)
    skipped = apply(plan(spec, Remote.read(deployer)), deployer, allow_delete=True)
    assert skipped == []
    assert "made-in-the-dashboard" not in {r["name"] for r in deployer.all("/roles", "roles")}


def test_role_permissions_are_brought_in_line(deployer):
    role = next(r for r in deployer.all("/roles", "roles") if r["name"] == "customer")
    deployer.call("DELETE", f"/roles/{role['id']}/permissions", json={"permissions": [
        {"resource_server_identifier": "https://api.cookbook.local/",
         "permission_name": "create:orders"}]})
    spec = files("dev", deployer)
    changes = [c for c in plan(spec, Remote.read(deployer)) if c.action != "keep"]
    assert [(c.kind, c.name) for c in changes] == [("role_permissions", "customer")]
    apply(changes, deployer, allow_delete=True)
    held = {p["permission_name"] for p in
            deployer.all(f"/roles/{role['id']}/permissions", "permissions")}
    assert held == {"read:orders", "create:orders"}


def test_deploy_without_credentials_explains_what_is_missing(monkeypatch, capsys):
    monkeypatch.delenv("AUTH0_DEPLOY_CLIENT_ID", raising=False)
    assert main(["tenant", "deploy", "--env", "qa", "--domain", "example.auth0.com"]) == 2
    assert "AUTH0_DEPLOY_CLIENT_ID" in capsys.readouterr().err


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_log_streams_follow_the_files_and_a_suspended_one_is_resumed(deployer, live_tenant):  # noqa: F811
    [stream] = deployer.call("GET", "/log-streams")
    deployer.call("POST", "/log-streams", json={
        "name": "made-in-the-dashboard", "type": "http",
        "sink": {"httpEndpoint": "https://siem.example/hook"}})
    spec = files("qa", deployer)
    changes = {(c.kind, c.name): c for c in plan(spec, Remote.read(deployer))}
    assert set(changes[("log_stream", stream["name"])].payload) == {"sink"}
    assert changes[("log_stream", "made-in-the-dashboard")].action == "delete"
    apply(list(changes.values()), deployer, allow_delete=True)
    [deployed] = deployer.call("GET", "/log-streams")
    assert deployed["sink"]["httpEndpoint"] == "https://logs.qa.travel0.example/auth0/logs"
    assert deployed["sink"]["httpAuthorization"] == "Bearer test-only-log-sink-secret"
    with live_tenant.app.extensions["mock_idp.db"]() as db:  # the receiver kept failing
        db.execute(update(LogStream).values(status="suspended"))
        db.commit()
    [resume] = [c for c in plan(spec, Remote.read(deployer)) if c.action != "keep"]
    assert (resume.kind, resume.payload) == ("log_stream", {"status": "active"})
    apply([resume], deployer, allow_delete=True)
    assert deployer.call("GET", f"/log-streams/{deployed['id']}")["status"] == "active"
    again = plan(spec, Remote.read(deployer))
    assert [c.describe() for c in again if c.action != "keep"] == []


def test_a_deployer_without_log_stream_scopes_leaves_them_alone(deployer, live_tenant):  # noqa: F811
    live_tenant.grant(DEPLOYER, ["read:clients", "read:client_grants", "read:resource_servers",
                                 "read:roles", "read:connections"])
    client = live_tenant.clients()[DEPLOYER]
    narrow = Management(live_tenant.url, client["client_id"], client["client_secret"])
    remote = Remote.read(narrow)
    assert remote.streams is None
    assert not [c for c in plan(files("qa", narrow), remote) if c.kind == "log_stream"]


def files_with_new_agency(tmp_path, deployer: Management):
    """The tenant files after a commit that onboards one more agency (and the dev rendering)."""
    shutil.copytree(TENANTS / "main", tmp_path / "main")
    shutil.copytree(TENANTS / "env", tmp_path / "env")
    tenant_file = tmp_path / "main" / "tenant.yaml"
    marker = "# Attack protection, as auth0-deploy-cli exports it"
    text = tenant_file.read_text()
    assert marker in text, "the organizations section's end moved"
    tenant_file.write_text(text.replace(marker, NEW_AGENCY + "\n" + marker))
    return load_tenant(tmp_path / "main", "dev",
                       {"MANAGEMENT_API_AUDIENCE": f"{deployer.api}/"})


NEW_AGENCY = """  - name: harbour-holidays
    display_name: Harbour Holidays
    branding:
      colors:
        primary: '#5f3dc4'
        page_background: '#f3f0ff'
    metadata:
      tier: silver
    connections:
      - name: Username-Password-Authentication
        assign_membership_on_login: false
        show_as_button: true
"""


@pytest.mark.scenario("b2b.phase1.provisioning.new-organization")
def test_an_agency_committed_to_the_files_is_created_by_the_next_deploy(deployer, tmp_path):
    live = deployer.call("POST", "/organizations", json={"name": "provisioned-live"})
    spec = files_with_new_agency(tmp_path, deployer)
    changes = [c for c in plan(spec, Remote.read(deployer)) if c.action != "keep"]
    assert [(c.action, c.kind, c.name) for c in changes] == [
        ("create", "organization", "harbour-holidays"),
        ("update", "org_connections", "harbour-holidays")]
    assert apply(changes, deployer, allow_delete=True) == []
    org = deployer.call("GET", "/organizations/name/harbour-holidays")
    assert (org["display_name"], org["metadata"], org["branding"]["colors"]["primary"]) == (
        "Harbour Holidays", {"tier": "silver"}, "#5f3dc4")
    [enabled] = deployer.all(f"/organizations/{org['id']}/enabled_connections",
                             "enabled_connections")
    assert (enabled["connection"]["name"], enabled["assign_membership_on_login"]) == (
        "Username-Password-Authentication", False)
    assert deployer.call("GET", f"/organizations/{live['id']}")["name"] == "provisioned-live", \
        "an organization provisioned at run time is a customer: never deleted by a deploy"
    again = plan(spec, Remote.read(deployer))
    assert [c.describe() for c in again if c.action != "keep"] == [], "a second deploy: no-op"


@pytest.mark.scenario("b2b.phase1.deployment.automation")
def test_organizations_follow_the_files_per_environment(deployer, live_tenant, monkeypatch,  # noqa: F811
                                                        capsys):
    sunrise = deployer.call("GET", "/organizations/name/sunrise-travel")
    staff = next(c for c in deployer.all("/connections", "connections")
                 if c["name"] == "Lagoon-Tours-Staff")
    deployer.call("POST", f"/organizations/{sunrise['id']}/enabled_connections",
                  json={"connection_id": staff["id"]})  # enabled by hand in the dashboard
    deployer.call("PATCH", f"/organizations/{sunrise['id']}", json={"display_name": "Renamed"})
    changes = {(c.kind, c.name): c for c in plan(files("prod", deployer), Remote.read(deployer))}
    assert set(changes[("organization", "sunrise-travel")].payload) == {
        "display_name", "branding"}, "prod's logo URL is on the prod portal"
    assert changes[("org_connection", "sunrise-travel/Lagoon-Tours-Staff")].action == "delete"
    client = live_tenant.clients()[DEPLOYER]
    monkeypatch.setenv("AUTH0_DEPLOY_CLIENT_ID", client["client_id"])
    monkeypatch.setenv("AUTH0_DEPLOY_CLIENT_SECRET", client["client_secret"])
    assert main(["tenant", "deploy", "--env", "prod", "--domain", live_tenant.url]) == 0
    assert "org_connection   sunrise-travel/Lagoon-Tours-Staff (deletions are off for prod)" \
        in capsys.readouterr().out
    after = deployer.call("GET", f"/organizations/{sunrise['id']}")
    assert after["display_name"] == "Sunrise Travel Agency"
    assert after["branding"]["logo_url"].startswith("https://")
    names = {c["connection"]["name"] for c in deployer.all(
        f"/organizations/{sunrise['id']}/enabled_connections", "enabled_connections")}
    assert "Lagoon-Tours-Staff" in names, "prod keeps what it may not delete"
    apply(plan(files("prod", deployer), Remote.read(deployer)), deployer, allow_delete=True)
    names = {c["connection"]["name"] for c in deployer.all(
        f"/organizations/{sunrise['id']}/enabled_connections", "enabled_connections")}
    assert names == {"Username-Password-Authentication"}, "where deletions are on: removed"


def test_a_deployer_without_organization_scopes_leaves_them_alone(deployer, live_tenant):  # noqa: F811
    live_tenant.grant(DEPLOYER, ["read:clients", "read:client_grants", "read:resource_servers",
                                 "read:roles", "read:connections"])
    client = live_tenant.clients()[DEPLOYER]
    narrow = Management(live_tenant.url, client["client_id"], client["client_secret"])
    remote = Remote.read(narrow)
    assert remote.organizations is None
    assert not [c for c in plan(files("qa", narrow), remote) if c.kind.startswith("org")]


@pytest.mark.scenario("b2b.phase2.authorization.m2m")
def test_organization_client_grants_follow_the_files(deployer):
    """Sunrise's integration grant is put back where it was removed by hand; one added by
    hand to another agency is removed where deletions are allowed (never in prod)."""
    sunrise = deployer.call("GET", "/organizations/name/sunrise-travel")
    lagoon = deployer.call("GET", "/organizations/name/lagoon-tours")
    [grant] = deployer.all(f"/organizations/{sunrise['id']}/client-grants", "client_grants")
    deployer.call("DELETE", f"/organizations/{sunrise['id']}/client-grants/{grant['id']}")
    deployer.call("POST", f"/organizations/{lagoon['id']}/client-grants",
                  json={"grant_id": grant["id"]})
    changes = {(c.kind, c.name): c for c in plan(files("prod", deployer), Remote.read(deployer))}
    assert changes[("org_client_grants", "sunrise-travel")].payload == {
        "add": ["Sunrise Booking Sync"]}
    assert changes[("org_client_grant", "lagoon-tours/Sunrise Booking Sync")].action == "delete"
    mine = [c for c in changes.values() if c.kind.startswith("org_client")]
    skipped = apply(mine, deployer, allow_delete=False)
    assert ("org_client_grant", "lagoon-tours/Sunrise Booking Sync") in {
        (c.kind, c.name) for c in skipped}
    assert [g["id"] for g in deployer.all(f"/organizations/{sunrise['id']}/client-grants",
                                          "client_grants")] == [grant["id"]]
    apply([c for c in plan(files("dev", deployer), Remote.read(deployer))
           if c.kind.startswith("org_client")], deployer, allow_delete=True)
    assert deployer.all(f"/organizations/{lagoon['id']}/client-grants", "client_grants") == []
    again = plan(files("dev", deployer), Remote.read(deployer))
    assert [c.describe() for c in again if c.kind.startswith("org_client")] == []


def test_grant_organization_settings_are_deployed(deployer):
    sync = next(c for c in deployer.all("/clients", "clients")
                if c["name"] == "Sunrise Booking Sync")
    [grant] = [g for g in deployer.all("/client-grants", "client_grants")
               if g["client_id"] == sync["client_id"]]
    deployer.call("PATCH", f"/client-grants/{grant['id']}",
                  json={"organization_usage": "allow", "allow_any_organization": True})
    changes = [c for c in plan(files("qa", deployer), Remote.read(deployer))
               if c.kind == "client_grant" and c.action == "update"]
    assert [c.payload for c in changes] == [{"organization_usage": "require",
                                             "allow_any_organization": False}]
    apply(changes, deployer, allow_delete=False)
    after = deployer.call("GET", f"/client-grants/{grant['id']}")
    assert after["organization_usage"] == "require" and after["allow_any_organization"] is False
