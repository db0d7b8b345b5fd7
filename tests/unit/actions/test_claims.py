"""Auth0's custom-claim rules, as the runtime applies them before tokens are signed."""

from __future__ import annotations

import pytest

from mock_idp.actions import claims

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("name", ["sub", "aud", "iss", "exp", "iat", "azp", "nonce", "auth_time",
                                  "sid", "scope", "permissions", "gty", "org_id", "org_name",
                                  "roles", "amr", "acr", "jti", "x5t#S256"])
def test_restricted_names_are_refused_in_both_tokens(name):
    assert claims.refusal(name, "id") == "a restricted claim name"
    assert claims.refusal(name, "access") == "a restricted claim name"


def test_openid_standard_claims_are_fixed_in_id_tokens_but_allowed_in_access_tokens():
    assert claims.refusal("email", "id") == "an OpenID Connect standard claim"
    assert claims.refusal("email", "access") is None
    assert claims.refusal("name", "access", auth0_api=True) is None


@pytest.mark.parametrize("name", ["https://auth0.com/roles", "https://tenant.auth0.com/x",
                                  "http://x.webtask.io/y", "https://a.webtask.run/z",
                                  "urn:auth0:roles"])
def test_auth0_namespaces_are_refused(name):
    assert claims.refusal(name, "id") is not None
    assert claims.refusal(name, "access") is not None


def test_a_domain_that_merely_ends_like_auth0_is_fine():
    assert claims.refusal("https://notauth0.com/roles", "id") is None


def test_non_namespaced_claims_are_allowed_except_on_tokens_for_an_auth0_api():
    assert claims.refusal("favourite_colour", "id") is None
    assert claims.refusal("favourite_colour", "access") is None
    assert claims.refusal("favourite_colour", "access", auth0_api=True).startswith(
        "access tokens for an Auth0 API")
    assert claims.refusal("https://travel0.example/tier", "access", auth0_api=True) is None


def test_screen_keeps_the_allowed_and_lists_the_refused():
    kept, refused = claims.screen({"https://travel0.example/a": 1, "sub": "x"}, "id")
    assert kept == {"https://travel0.example/a": 1}
    assert refused == [{"claim": "sub", "token": "id_token", "reason": "a restricted claim name"}]


def test_custom_claims_are_capped_at_100_kb():
    assert not claims.too_large({"https://a/b": "x" * 1000})
    assert claims.too_large({"https://a/b": "x" * 60_000}, {"https://a/c": "x" * 60_000})
