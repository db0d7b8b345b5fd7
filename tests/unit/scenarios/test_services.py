"""The service list: defaults, derived environments, port overrides and their propagation."""

from __future__ import annotations

import json
import socket
import sys

import pytest

from mock_idp.credentials import client_credentials
from mock_idp.tenant import load_tenant
from scenarios.ports import PortError, port_conflicts, port_env_var, resolve_ports
from scenarios.services import build_services, client_ids, local_launcher
from tests.support.tenant import TENANTS

pytestmark = pytest.mark.unit


def by_name(**ports):
    return {s.name: s for s in build_services(ports or None)}


def test_default_topology():
    services = by_name()
    assert [(s.name, s.url) for s in services.values()] == [
        ("main", "http://127.0.0.1:4000"),
        ("api", "http://localhost:5100"),
        ("b2c", "http://localhost:5000"),
        ("rewards", "http://localhost:5003"),
        ("b2b", "http://localhost:5001"),
        ("legacy", "http://localhost:5200"),
        ("mail", "http://127.0.0.1:2580"),
        ("logsink", "http://localhost:5300"),
        ("admin", "http://localhost:5002"),
        ("acme", "http://127.0.0.1:4100"),
    ]
    assert services["main"].ready_url == "http://127.0.0.1:4000/testall"
    assert services["mail"].ready_url == "http://127.0.0.1:2580/health"
    assert services["mail"].extra_ports == {"smtp": 2525}
    assert services["api"].ready_url == "http://localhost:5100/health"
    assert services["b2c"].ready_url == "http://localhost:5000/"
    assert services["rewards"].factory == services["b2c"].factory == "apps.b2c:create_app()"
    assert services["b2b"].factory == "apps.b2b:create_app()"
    assert services["b2b"].env["B2B_AUTH0_CLIENT_ID"] == client_credentials(
        "main", "Travel0 Partners")[0]


def test_tenant_environment_follows_the_ports():
    env = by_name(b2c=5050, rewards=5053, b2b=5051, main=4040)["main"].env
    assert env["MOCK_IDP_TENANT_DIR"] == "tenants/main"
    assert env["MOCK_IDP_PUBLIC_URL"] == "http://127.0.0.1:4040"
    assert json.loads(env["MOCK_IDP_KEYWORDS"]) == {
        "B2C_URL": "http://localhost:5050",
        "REWARDS_URL": "http://localhost:5053",
        "B2B_URL": "http://localhost:5051",
        "B2B_LOGIN_URI": "http://localhost:5051/login",
        "TENANT_LOGOUT_URLS": ["http://localhost:5050/"],
        "ERROR_PAGE_URL": "http://localhost:5050/error",
        "LEGACY_API_URL": "http://localhost:5200",
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": 2525,
        "SMTP_USER": "travel0-local", "SMTP_PASSWORD": "local-mail-sink",
        "CUSTOM_DOMAINS": [{"domain": "http://localhost:4001", "type": "auth0_managed_certs"}],
        "LOG_SINK_URL": "http://localhost:5300/auth0/logs",
        "ADMIN_URL": "http://localhost:5002",
        "ACME_DISCOVERY_URL": "http://127.0.0.1:4100/.well-known/openid-configuration",
        "ACME_OIDC_CLIENT_ID": client_credentials("acme", "Travel0")[0],
        "ACME_OIDC_CLIENT_SECRET": client_credentials("acme", "Travel0")[1],
    }
    assert env["MOCK_IDP_MAILBOX_URL"] == "http://127.0.0.1:2580"


@pytest.mark.scenario("b2b.phase2.authentication.enterprise-login")
def test_acme_is_a_second_tenant_federated_into_main():
    """Acme's IdP knows main's callback (both domains); main knows Acme's client, derived
    from the same seed: the two tenants agree without a secret in any file."""
    services = {s.name: s for s in build_services({"main": 4040, "acme": 4140}, seed="s3")}
    acme = services["acme"].env
    assert acme["MOCK_IDP_TENANT_DIR"] == "tenants/acme"
    assert acme["MOCK_IDP_PUBLIC_URL"] == "http://127.0.0.1:4140"
    assert json.loads(acme["MOCK_IDP_KEYWORDS"]) == {"ACME_RP_CALLBACKS": [
        "http://127.0.0.1:4040/login/callback", "http://localhost:4001/login/callback"]}
    main = json.loads(services["main"].env["MOCK_IDP_KEYWORDS"])
    assert main["ACME_DISCOVERY_URL"] == "http://127.0.0.1:4140/.well-known/openid-configuration"
    assert (main["ACME_OIDC_CLIENT_ID"], main["ACME_OIDC_CLIENT_SECRET"]) == client_credentials(
        "acme", "Travel0", "s3")
    spec = load_tenant(TENANTS / "acme", "dev", json.loads(acme["MOCK_IDP_KEYWORDS"]))
    assert spec.section("clients")[0]["callbacks"] == [
        "http://127.0.0.1:4040/login/callback", "http://localhost:4001/login/callback"]


@pytest.mark.scenario("b2c.phase1.architecture.custom-domains")
def test_the_tenant_also_listens_on_its_custom_domain_and_apps_may_use_it():
    plain = by_name(custom=4041)
    assert plain["main"].argv()[1:5] == ["--bind", "127.0.0.1:4000", "--bind", "localhost:4041"]
    assert plain["b2c"].env["B2C_AUTH0_DOMAIN"] == "http://127.0.0.1:4000"
    switched = {s.name: s for s in build_services({"custom": 4041}, custom_domain=True)}
    for name, key in (("b2c", "B2C_AUTH0_DOMAIN"), ("rewards", "B2C_AUTH0_DOMAIN"),
                      ("api", "API_AUTH0_DOMAIN")):
        assert switched[name].env[key] == "http://localhost:4041"
    # Only AUTH0_DOMAIN moves: the Management API audience stays the canonical domain's.
    assert switched["b2c"].env["B2C_MGMT_DOMAIN"] == "http://127.0.0.1:4000"


@pytest.mark.scenario("b2c.phase1.operations.firewall")
def test_the_log_sink_follows_its_port_and_shares_the_streams_secret():
    services = by_name(logsink=5350)
    sink = services["logsink"]
    assert sink.argv()[-1] == "logsink:create_app()" and sink.ready_url.endswith("/health")
    assert sink.env["LOGSINK_ALLOWED_IPS"] == "127.0.0.0/8,::1"
    assert json.loads(services["main"].env["MOCK_IDP_KEYWORDS"])["LOG_SINK_URL"] == \
        "http://localhost:5350/auth0/logs"
    # One secret for both ends: the tenant sends it, the sink checks it.
    assert "LOGSINK_SECRET" in sink.secret_env and "LOGSINK_SECRET" in services["main"].secret_env


def test_the_mail_sink_follows_its_two_ports():
    services = by_name(mail=2680, smtp=2626)
    assert services["mail"].env["MAILSINK_SMTP_PORT"] == "2626"
    assert services["mail"].argv()[-1] == "mailsink:create_app()"
    assert json.loads(services["main"].env["MOCK_IDP_KEYWORDS"])["SMTP_PORT"] == 2626
    assert services["main"].env["MOCK_IDP_MAILBOX_URL"] == "http://127.0.0.1:2680"


def test_app_environments_follow_the_ports_and_carry_their_client():
    services = by_name(main=4040, api=5150, b2c=5050)
    b2c, rewards = services["b2c"].env, services["rewards"].env
    assert b2c["B2C_AUTH0_DOMAIN"] == rewards["B2C_AUTH0_DOMAIN"] == "http://127.0.0.1:4040"
    assert b2c["B2C_API_URL"] == "http://localhost:5150"
    assert b2c["B2C_BASE_URL"] == "http://localhost:5050"
    assert rewards["B2C_BASE_URL"] == "http://localhost:5003"
    web_id, web_secret = client_credentials("main", "Travel0 Web")
    assert (b2c["B2C_AUTH0_CLIENT_ID"], b2c["B2C_AUTH0_CLIENT_SECRET"]) == (web_id, web_secret)
    assert rewards["B2C_AUTH0_CLIENT_ID"] == client_credentials("main", "Travel0 Rewards")[0]
    assert (rewards["B2C_APP_NAME"], rewards["B2C_SESSION_COOKIE_NAME"]) == (
        "Travel0 Rewards", "rewards_session")
    assert rewards["B2C_DATABASE_URL"] == "sqlite:///.cookbook/rewards.db"
    api = services["api"].env
    assert api["API_AUTH0_DOMAIN"] == "http://127.0.0.1:4040"
    assert api["API_AUDIENCE"] == "https://api.cookbook.local/"


def test_every_app_has_its_own_cookie_and_database():
    services = build_services()
    cookies = [s.env.get("B2C_SESSION_COOKIE_NAME") for s in services if "B2C_APP_NAME" in s.env]
    databases = [v for s in services for k, v in s.env.items() if k.endswith("DATABASE_URL")]
    assert len(set(cookies)) == len(cookies) == 2
    assert len(set(databases)) == len(databases) == len(services)


def test_secrets_are_named_not_embedded():
    services = build_services()
    assert {s.name: s.secret_env for s in services if s.secret_env} == {
        "main": ("MOCK_IDP_SECRET_KEY", "LEGACY_API_SECRET", "LOGSINK_SECRET"),
        "b2c": ("B2C_SECRET_KEY",),
        "rewards": ("B2C_SECRET_KEY",),
        "b2b": ("B2B_SECRET_KEY",),
        "legacy": ("LEGACY_SECRET_KEY", "LEGACY_API_SECRET"),
        "logsink": ("LOGSINK_SECRET",),
        "admin": ("ADMIN_SECRET_KEY",),
        "acme": ("MOCK_IDP_SECRET_KEY",),
    }
    assert not any(key.endswith(("SECRET_KEY", "API_SECRET", "SINK_SECRET"))
                   for s in services for key in s.env)


def test_gunicorn_command_lines():
    service = by_name(b2c=5050)["b2c"]
    assert service.argv() == [
        "gunicorn", "--bind", "localhost:5050", "--workers", "1", "--threads", "8",
        "--access-logfile", "-", "--no-control-socket", "apps.b2c:create_app()",
    ]
    assert service.argv(local_launcher())[:3] == [sys.executable, "-m", "gunicorn"]


def test_state_dir_moves_every_database():
    services = build_services(state_dir="/tmp/run")
    urls = [v for s in services for k, v in s.env.items() if k.endswith("DATABASE_URL")]
    assert urls and all(url.startswith("sqlite:////tmp/run/") for url in urls)


def test_unknown_service_is_refused():
    with pytest.raises(ValueError, match="unknown service"):
        build_services({"nope": 1})


def test_client_ids_cover_every_tenant_client():
    ids = client_ids()
    declared = {c["name"] for c in load_tenant(TENANTS / "main", "dev").section("clients")}
    assert set(ids) == declared
    assert ids["Travel0 Web"] == client_credentials("main", "Travel0 Web")[0]


def test_ports_from_environment_then_command_line():
    environ = {port_env_var("b2c"): "5050", port_env_var("api"): "5150"}
    ports = resolve_ports(["b2c=5060"], environ)
    assert ports == {"main": 4000, "api": 5150, "b2c": 5060, "b2b": 5001, "rewards": 5003,
                     "legacy": 5200, "mail": 2580, "smtp": 2525, "custom": 4001, "logsink": 5300,
                     "admin": 5002, "acme": 4100}
    assert port_env_var("b2c") == "COOKBOOK_PORT_B2C"


@pytest.mark.parametrize(
    ("overrides", "environ", "message"),
    [
        (["b2c"], {}, "expected NAME=PORT"),
        (["shop=5000"], {}, "expected NAME=PORT"),
        (["b2c=web"], {}, "not a port number"),
        (["b2c=0"], {}, "between 1 and 65535"),
        ([], {"COOKBOOK_PORT_MAIN": "70000"}, "COOKBOOK_PORT_MAIN=70000"),
    ],
)
def test_bad_port_settings_are_explained(overrides, environ, message):
    with pytest.raises(PortError, match=message):
        resolve_ports(overrides, environ)


def test_port_conflicts_name_the_service_port_and_the_way_out():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        problems = port_conflicts(build_services({"main": port}))
    assert len(problems) == 1
    assert f"main (mock tenant main) cannot listen on 127.0.0.1:{port}" in problems[0]
    assert "--port main=<port>" in problems[0] and "COOKBOOK_PORT_MAIN" in problems[0]


def test_two_services_on_one_port_conflict():
    problems = port_conflicts(build_services({"b2c": 5003}))
    assert any("rewards and b2c are both set to port 5003" in p for p in problems)


def test_a_taken_smtp_port_is_refused_too():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        problems = port_conflicts(build_services({"smtp": port}))
    assert len(problems) == 1 and "mail (smtp) (" in problems[0]
    assert f"127.0.0.1:{port}" in problems[0] and "--port smtp=<port>" in problems[0]
