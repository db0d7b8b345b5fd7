"""docker-compose.yml is what the generator makes, and matches the `cookbook up` services."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scenarios.compose import COMPOSE_FILE, compose_diff, render_compose
from scenarios.services import build_services
from scenarios.state import repo_root

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def compose_path() -> Path:
    return repo_root() / COMPOSE_FILE


@pytest.fixture(scope="module")
def compose(compose_path) -> dict:
    return yaml.safe_load(compose_path.read_text())


def test_committed_file_is_what_the_generator_makes(compose_path):
    diff = compose_diff(compose_path, render_compose())
    assert not diff, f"run `cookbook compose` to regenerate {COMPOSE_FILE}:\n{diff}"


def test_every_up_service_runs_with_the_same_command_and_environment(compose):
    services = build_services()
    assert list(compose["services"]) == [s.name for s in services]
    for service in services:
        entry = compose["services"][service.name]
        binds = [f"{service.host}:{service.port}", *service.extra_binds]  # + the custom domain
        expected_command = [
            "gunicorn", *(arg for bind in binds for arg in ("--bind", bind)),
            "--workers", "1", "--threads", "8", "--access-logfile", "-", "--no-control-socket",
            service.factory,
        ]
        assert entry["command"] == expected_command, service.name
        # `cookbook up` runs the very same arguments through this interpreter's gunicorn.
        assert service.argv()[1:] == entry["command"][1:]
        environment = {k: v.replace("$$", "$") for k, v in entry["environment"].items()}
        assert environment == dict(service.env), service.name
        assert entry["network_mode"] == "host"
        assert entry["build"] == "."
        assert "ports" not in entry  # meaningless, and refused, with host networking
        assert service.ready_url in " ".join(entry["healthcheck"]["test"])


def test_compose_uses_one_image_and_a_dockerfile_exists(compose):
    assert {entry["build"] for entry in compose["services"].values()} == {"."}
    dockerfile = (repo_root() / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile and "pip install ." in dockerfile


def test_check_reports_a_drift(tmp_path):
    stale = tmp_path / COMPOSE_FILE
    stale.write_text(render_compose(build_services({"b2c": 5050})))
    diff = compose_diff(stale, render_compose())
    assert "-    - localhost:5050" in diff and "+    - localhost:5000" in diff
