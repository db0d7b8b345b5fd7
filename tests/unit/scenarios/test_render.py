"""SDLC: one set of tenant files rendered for dev, qa and prod, ready for auth0-deploy-cli."""

from __future__ import annotations

import json
import shutil
import stat

import pytest
import yaml

from mock_idp.tenant import TenantFileError, load_tenant
from mock_idp.tenant.keywords import KEYWORD
from scenarios.cli import main
from scenarios.render import render
from tests.support.tenant import TENANTS

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.architecture.sdlc"),
              pytest.mark.scenario("b2b.phase1.architecture.sdlc")]
ENVIRONMENTS = ("dev", "qa", "prod")


@pytest.mark.scenario("b2c.phase1.architecture.tenant-provision")
@pytest.mark.scenario("b2b.phase1.architecture.tenant-provision")
@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_environment_renders_a_complete_valid_tenant(tmp_path, env):
    result = render(TENANTS / "main", env, tmp_path)
    text = (result.tenant_dir / "tenant.yaml").read_text()
    assert not KEYWORD.search(text), "every keyword is resolved"
    rendered = yaml.safe_load(text)
    assert rendered == load_tenant(TENANTS / "main", env).data
    assert stat.S_IMODE(result.config_file.stat().st_mode) == 0o600


def test_environments_differ_only_by_their_keyword_values(tmp_path):
    data = {env: load_tenant(TENANTS / "main", env).data for env in ENVIRONMENTS}
    callbacks = {env: next(c for c in d["clients"] if c["name"] == "Travel0 Web")["callbacks"]
                 for env, d in data.items()}
    assert callbacks == {"dev": ["http://localhost:5000/callback"],
                         "qa": ["https://qa.travel0.example/callback"],
                         "prod": ["https://www.travel0.example/callback"]}
    names = {env: [c["name"] for c in d["clients"]] for env, d in data.items()}
    assert names["dev"] == names["qa"] == names["prod"], "the same clients everywhere"


def test_every_environment_file_defines_the_same_keywords():
    keys = {env: set(json.loads((TENANTS / "env" / f"{env}.json").read_text()))
            for env in ENVIRONMENTS}
    assert keys["dev"] == keys["qa"] == keys["prod"]


def test_prod_never_deletes_and_gets_no_demo_users(tmp_path):
    prod = render(TENANTS / "main", "prod", tmp_path / "prod")
    dev = render(TENANTS / "main", "dev", tmp_path / "dev")
    assert json.loads(prod.config_file.read_text())["AUTH0_ALLOW_DELETE"] is False
    assert json.loads(dev.config_file.read_text())["AUTH0_ALLOW_DELETE"] is True
    assert not (prod.tenant_dir / "users").exists()
    assert (dev.tenant_dir / "users" / "Username-Password-Authentication.json").exists()
    assert not (dev.tenant_dir / "users" / "demo.yaml").exists(), "demo passwords stay local"


def test_config_names_the_environment_tenant_and_no_secret(tmp_path):
    config = json.loads(render(TENANTS / "main", "qa", tmp_path).config_file.read_text())
    assert config["AUTH0_DOMAIN"] == "travel0-qa.us.auth0.com"
    assert "AUTH0_CLIENT_SECRET" not in config


@pytest.fixture
def tenant_copy(tmp_path):
    shutil.copytree(TENANTS / "main", tmp_path / "tenants" / "main")
    shutil.copytree(TENANTS / "env", tmp_path / "tenants" / "env")
    return tmp_path / "tenants"


def add_secret_reference(tenants, env: str, ref: dict) -> None:
    path = tenants / "env" / f"{env}.json"
    mappings = json.loads(path.read_text())
    mappings["SUPPORT_EMAIL"] = ref
    path.write_text(json.dumps(mappings))


def test_secrets_are_referenced_from_the_environment(tenant_copy, tmp_path, monkeypatch):
    add_secret_reference(tenant_copy, "qa", {"fromEnv": "COOKBOOK_TEST_SUPPORT"})
    monkeypatch.setenv("COOKBOOK_TEST_SUPPORT", "help@qa.travel0.example")
    result = render(tenant_copy / "main", "qa", tmp_path / "out")
    assert "help@qa.travel0.example" in (result.tenant_dir / "tenant.yaml").read_text()


def test_a_missing_secret_stops_the_render_and_writes_nothing(tenant_copy, tmp_path, monkeypatch):
    add_secret_reference(tenant_copy, "prod", {"fromEnv": "COOKBOOK_TEST_MISSING"})
    monkeypatch.delenv("COOKBOOK_TEST_MISSING", raising=False)
    with pytest.raises(TenantFileError, match="needs the environment variable COOKBOOK_TEST_MISSING"):
        render(tenant_copy / "main", "prod", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_secret_reference_may_have_a_development_default(tenant_copy, tmp_path, monkeypatch):
    add_secret_reference(tenant_copy, "dev", {"fromEnv": "COOKBOOK_TEST_MISSING",
                                              "default": "dev@localhost"})
    monkeypatch.delenv("COOKBOOK_TEST_MISSING", raising=False)
    assert load_tenant(tenant_copy / "main", "dev").data["tenant"]["support_email"] == \
        "dev@localhost"


def test_no_secret_values_are_committed_in_keyword_files():
    for path in (TENANTS / "env").glob("*.json"):
        for key, value in json.loads(path.read_text()).items():
            if any(word in key for word in ("SECRET", "PASSWORD", "API_KEY", "TOKEN_VALUE")):
                assert isinstance(value, dict) and "fromEnv" in value, f"{path.name}: {key}"


def test_cookbook_tenant_render_command(tmp_path, capsys):
    assert main(["tenant", "render", "--env", "qa", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "a0deploy import" in out and "AUTH0_ALLOW_DELETE=True" in out
    assert (tmp_path / "main" / "tenant.yaml").exists()


def test_unknown_environment_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["tenant", "render", "--env", "staging"])
    assert raised.value.code == 2
    assert "no tenants/env/staging.json" in capsys.readouterr().err
