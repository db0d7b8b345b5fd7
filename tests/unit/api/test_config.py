"""API settings: defaults, ``API_*`` variables, the unprefixed AUTH0_DOMAIN, overrides."""

from __future__ import annotations

import pytest

from api.config import load_config, normalize_domain

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value,base", [
    ("acme-dev.us.auth0.com", "https://acme-dev.us.auth0.com"),
    ("acme-dev.us.auth0.com/", "https://acme-dev.us.auth0.com"),
    ("http://127.0.0.1:4000", "http://127.0.0.1:4000"),
    ("http://127.0.0.1:4000/", "http://127.0.0.1:4000"),
    ("https://login.travel0.example//", "https://login.travel0.example"),
])
def test_domain_becomes_a_base_url(value, base):
    assert normalize_domain(value) == base


@pytest.mark.parametrize("value", ["", "   ", "ftp://acme.example", "https://"])
def test_unusable_domain_is_refused(value):
    with pytest.raises(ValueError):
        normalize_domain(value)


def test_defaults_point_at_the_local_mock_tenant():
    config = load_config(environ={})
    assert config["ISSUER"] == "http://127.0.0.1:4000/"
    assert config["JWKS_URL"] == "http://127.0.0.1:4000/.well-known/jwks.json"
    assert config["AUDIENCE"] == "https://api.cookbook.local/"
    assert config["DATABASE_URL"] == "sqlite:///.cookbook/api.db"
    assert config["JWKS_CACHE_TTL"] == 600


def test_prefixed_variables_win_over_the_unprefixed_domain():
    environ = {"AUTH0_DOMAIN": "shared.auth0.com", "API_AUTH0_DOMAIN": "api-only.auth0.com",
               "API_JWKS_CACHE_TTL": "60"}
    config = load_config(environ=environ)
    assert config["ISSUER"] == "https://api-only.auth0.com/"
    assert config["JWKS_CACHE_TTL"] == 60


def test_unprefixed_domain_is_the_fallback():
    assert load_config(environ={"AUTH0_DOMAIN": "shared.auth0.com"})["ISSUER"] == (
        "https://shared.auth0.com/")


def test_overrides_win_over_the_environment():
    config = load_config({"AUTH0_DOMAIN": "http://localhost:4100"},
                         environ={"API_AUTH0_DOMAIN": "env.auth0.com"})
    assert config["ISSUER"] == "http://localhost:4100/"
