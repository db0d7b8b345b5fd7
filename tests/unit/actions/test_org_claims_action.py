"""The shipped add-org-claims Action, offline in the harness: organization roles and the
organization's tier as namespaced claims, only in organization logins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mock_idp.actions.harness import run_action
from tests.support.tenant import TENANTS

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2b.phase1.qa.unit-testing")]
FIXTURE = Path(__file__).parent / "fixtures" / "post-login.json"
NS = "https://travel0.example/"
SUNRISE = {"id": "org_d05a36406f60dac4", "name": "sunrise-travel",
           "display_name": "Sunrise Travel Agency", "metadata": {"tier": "gold", "region": "emea"}}


def org_event(roles: list[str], organization: dict | None = SUNRISE) -> dict:
    event = json.loads(FIXTURE.read_text())
    event["client"]["name"] = "Travel0 Partners"
    event["authorization"]["roles"] = roles
    if organization is not None:
        event["organization"] = organization
    return event


def run(event: dict):
    return run_action(TENANTS / "main", "post-login", event, action="add-org-claims")


@pytest.mark.scenario("b2b.phase1.authorization.id-token-claims")
def test_org_roles_and_tier_become_claims_in_both_tokens():
    result = run(org_event(["org-admin"]))
    expected = {f"{NS}org_roles": ["org-admin"], f"{NS}org_tier": "gold",
                f"{NS}org_display_name": "Sunrise Travel Agency"}
    assert result.status == "ok" and result.refused_claims == []
    assert result.id_token_claims == expected and result.access_token_claims == expected


@pytest.mark.scenario("b2b.phase1.authorization.id-token-claims")
def test_a_login_without_an_organization_gets_no_org_claims():
    result = run(org_event(["customer"], organization=None))
    assert result.status == "ok"
    assert result.id_token_claims == {} and result.access_token_claims == {}


def test_an_organization_without_a_tier_gets_roles_only():
    result = run(org_event([], {**SUNRISE, "metadata": {}}))
    assert result.id_token_claims == {f"{NS}org_roles": [],
                                      f"{NS}org_display_name": "Sunrise Travel Agency"}
