import pytest
from flask import Flask

from apps.b2c import DEFAULTS
from apps.common.config import auth0_base_url, load_config

pytestmark = pytest.mark.unit

REQUIRED = {"AUTH0_CLIENT_ID": "id", "AUTH0_CLIENT_SECRET": "secret"}


@pytest.mark.parametrize(("domain", "base"), [
    ("acme-dev.us.auth0.com", "https://acme-dev.us.auth0.com"),
    ("acme-dev.us.auth0.com/", "https://acme-dev.us.auth0.com"),
    ("http://127.0.0.1:4000", "http://127.0.0.1:4000"),
    ("http://127.0.0.1:4000/", "http://127.0.0.1:4000"),
    ("https://login.travel0.example", "https://login.travel0.example"),
])
def test_auth0_domain_forms(domain, base):
    assert auth0_base_url(domain) == base


def test_bad_domain_is_refused():
    with pytest.raises(RuntimeError):
        auth0_base_url("ftp://example.com")


@pytest.fixture
def clean_env(monkeypatch):
    for key in list(DEFAULTS) + ["AUTH0_DOMAIN"]:
        monkeypatch.delenv(f"B2C_{key}", raising=False)
    monkeypatch.delenv("AUTH0_DOMAIN", raising=False)
    return monkeypatch


def _load(overrides=None):
    app = Flask("t")
    load_config(app, "B2C_", DEFAULTS, overrides)
    return app.config


def test_defaults_env_then_overrides(clean_env):
    clean_env.setenv("B2C_AUTH0_CLIENT_ID", "from-env")
    clean_env.setenv("B2C_AUTH0_CLIENT_SECRET", "env-secret")
    clean_env.setenv("B2C_API_TIMEOUT", "3")
    config = _load({"AUTH0_CLIENT_SECRET": "override"})
    assert config["AUTH0_CLIENT_ID"] == "from-env"
    assert config["AUTH0_CLIENT_SECRET"] == "override"
    assert config["API_TIMEOUT"] == 3
    assert config["AUTH0_ISSUER"] == "http://127.0.0.1:4000/"
    assert config["SESSION_COOKIE_NAME"] == "b2c_session"
    assert config["SECRET_KEY"]


def test_unprefixed_auth0_domain_is_a_fallback(clean_env):
    clean_env.setenv("AUTH0_DOMAIN", "acme-dev.us.auth0.com")
    assert _load(REQUIRED)["AUTH0_ISSUER"] == "https://acme-dev.us.auth0.com/"
    clean_env.setenv("B2C_AUTH0_DOMAIN", "http://127.0.0.1:4100")
    assert _load(REQUIRED)["AUTH0_ISSUER"] == "http://127.0.0.1:4100/"


def test_config_is_read_per_factory_call(clean_env):
    clean_env.setenv("B2C_APP_NAME", "First")
    first = _load(REQUIRED)
    clean_env.setenv("B2C_APP_NAME", "Second")
    assert (first["APP_NAME"], _load(REQUIRED)["APP_NAME"]) == ("First", "Second")


def test_missing_client_credentials_fail_loudly(clean_env):
    with pytest.raises(RuntimeError, match="B2C_AUTH0_CLIENT_ID"):
        _load()
