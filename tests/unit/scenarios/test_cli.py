"""The `cookbook` command line, the up printout and the per-install secrets."""

from __future__ import annotations

import json
import stat

import pytest

from scenarios.banner import READY_LINE, format_banner
from scenarios.cli import main
from scenarios.compose import render_compose
from scenarios.services import build_services, client_ids
from scenarios.state import load_secrets, repo_root, state_path

pytestmark = pytest.mark.unit


def test_scenarios_lists_and_filters(capsys):
    assert main(["scenarios", "--track", "b2c", "--status", "planned"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "TITLE"]
    rows = [line.split() for line in lines[1:-1]]
    assert rows, "some b2c topics are still planned"
    assert all(row[0].startswith("b2c.") and row[1] == "planned" for row in rows)


def test_bad_filter_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["scenarios", "--track", "b2x"])
    assert raised.value.code == 2


def test_compose_writes_and_checks(tmp_path, capsys):
    target = tmp_path / "docker-compose.yml"
    assert main(["compose", "--check", "--output", str(target)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert main(["compose", "--output", str(target)]) == 0
    assert target.read_text() == render_compose()
    assert main(["compose", "--check", "--output", str(target)]) == 0


def test_up_refuses_a_bad_port_setting_before_anything(capsys, monkeypatch):
    monkeypatch.setenv("COOKBOOK_PORT_API", "http")
    assert main(["up"]) == 2
    assert "COOKBOOK_PORT_API=http" in capsys.readouterr().err


def test_secrets_are_made_once_and_kept_private(tmp_path):
    path = tmp_path / "state" / "secrets.json"
    services = build_services()
    first = load_secrets(path, services)
    assert set(first) == {s.name for s in services}
    assert first["b2c"]["B2C_SECRET_KEY"] != first["rewards"]["B2C_SECRET_KEY"]
    assert len(first["main"]["MOCK_IDP_SECRET_KEY"]) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secrets(path, services) == first
    assert json.loads(path.read_text())["api"] == {}


def test_state_dir_is_relative_to_the_repo(tmp_path):
    root = repo_root()
    assert state_path(root, ".cookbook") == root / ".cookbook"
    assert state_path(root, str(tmp_path)) == tmp_path


def test_banner_shows_urls_demo_users_clients_and_logs():
    root = repo_root()
    services = build_services({"b2c": 5050})
    text = format_banner(services, root, root / ".cookbook" / "logs", client_ids())
    assert text.splitlines()[0] == READY_LINE
    assert "http://localhost:5050" in text and "http://127.0.0.1:4000" in text
    assert "jane@travel0.example" in text and "Travel0-Demo-2026!" in text
    assert "customer" in text and "(none)" in text
    assert client_ids()["Travel0 Rewards"] in text
    assert "Logs: .cookbook/logs/<service>.log" in text
    assert "Outbox: http://127.0.0.1:4000/_cookbook/mail" in text and "SMTP 127.0.0.1:2525" in text
    assert "Operations: http://127.0.0.1:4000/_cookbook/operations" in text
    assert "the log stream delivers to http://localhost:5300/" in text
    assert "SECRET" not in text and services[2].env["B2C_AUTH0_CLIENT_SECRET"] not in text


@pytest.mark.scenario("b2c.phase1.architecture.tenant-association")
@pytest.mark.scenario("b2b.phase1.architecture.tenant-association")
def test_banner_maps_apps_and_apis_to_their_tenant():
    root = repo_root()
    lines = format_banner(build_services(), root, root / ".cookbook" / "logs",
                          client_ids()).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Tenant main at "))
    assert "custom domain http://localhost:4001" in lines[start]
    end = next(i for i, line in enumerate(lines) if line.startswith("Outside every tenant"))
    block = lines[start:end]
    assert "  app  Travel0 Web (regular_web): service b2c" in block
    assert "  app  Travel0 Rewards (regular_web): service rewards" in block
    assert "  app  Travel0 Partners (regular_web): service b2b" in block
    assert ("  app  Travel0 Management (non_interactive): the back ends of b2c, rewards, b2b"
            in block)
    assert "  API  Travel0 API (https://api.cookbook.local/): service api" in block
    assert "  connection  Travel0-Classic (scripts call service legacy)" in block
    # B2B: the partner agencies are Organizations of the same tenant, not tenants of their own
    for name, display in (("sunrise-travel", "Sunrise Travel Agency"),
                          ("lagoon-tours", "Blue Lagoon Tours")):
        assert (f"  organization  {name} ({display}): a business customer, an Organization "
                "of this tenant") in block
    # Acme Corp is a customer with its own IdP: a tenant of its own, federated into main
    assert "  connection  acme (oidc, Acme Corp's IdP: service acme)" in block
    acme = next(i for i, line in enumerate(lines) if line.startswith("Tenant acme at "))
    assert "http://127.0.0.1:4100" in lines[acme] and start < acme < end
    assert "  app  Travel0 (regular_web): tenant main, through its connection acme" in block
    assert [line for line in lines if line.startswith("Tenant ")] == [lines[start], lines[acme]]
    assert "Outside every tenant: legacy, mail, logsink (the tenant calls them)" in lines


@pytest.mark.scenario("b2c.phase1.operations.monitoring")
def test_banner_says_where_to_scrape_and_probe():
    root = repo_root()
    services = build_services()
    text = format_banner(services, root, root / ".cookbook" / "logs", client_ids())
    for service in services:
        assert f"{service.url}/metrics" in text
    assert "cookbook check --domain http://127.0.0.1:4000" in text
