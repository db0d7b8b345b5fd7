"""The main tenant's Actions, unit-tested offline with the harness against fixture events:
what teams do with their own Actions (no server, no network)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from mock_idp.actions.__main__ import main as cli
from mock_idp.actions.harness import run_action
from mock_idp.tenant import load_tenant
from tests.support.tenant import TENANTS

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.qa.unit-testing"),
              pytest.mark.scenario("b2b.phase1.qa.unit-testing")]
FIXTURES = Path(__file__).parent / "fixtures"
TENANT = TENANTS / "main"
NAMESPACE = "https://travel0.example/"
ROLES_ACTION = "add-roles-claims"  # one of the two Actions bound to post-login


def fixture(trigger: str, **changes) -> dict:
    event = json.loads((FIXTURES / f"{trigger}.json").read_text())
    for path, value in changes.items():
        target = event
        *parents, leaf = path.split("__")
        for key in parents:
            target = target[key]
        target[leaf] = value
    return event


@pytest.mark.scenario("b2c.phase1.authorization.id-token-claims")
@pytest.mark.scenario("b2b.phase1.authorization.id-token-claims")
def test_roles_and_permissions_become_namespaced_claims_in_both_tokens():
    result = run_action(TENANT, "post-login", fixture("post-login"), action=ROLES_ACTION)
    assert result.status == "ok"
    expected = {f"{NAMESPACE}roles": ["customer"],
                f"{NAMESPACE}permissions": ["create:orders", "read:orders"]}
    assert result.id_token_claims == expected
    assert result.access_token_claims == expected
    assert result.refused_claims == []


def test_several_roles_merge_their_permissions_once_each():
    event = fixture("post-login", authorization__roles=["customer", "support"])
    result = run_action(TENANT, "post-login", event, action=ROLES_ACTION)
    assert result.id_token_claims[f"{NAMESPACE}permissions"] == [
        "create:orders", "read:orders", "read:reports"]


def test_a_user_without_roles_gets_empty_claims_not_missing_ones():
    result = run_action(TENANT, "post-login", fixture("post-login", authorization__roles=[]),
                        action=ROLES_ACTION)
    assert result.id_token_claims == {f"{NAMESPACE}roles": [], f"{NAMESPACE}permissions": []}


def test_the_actions_role_permissions_match_the_roles_in_tenant_yaml():
    """The Action lists each role's permissions (Auth0's event carries role names only)."""
    spec = load_tenant(TENANT, "dev")
    for role in spec.section("roles"):
        event = fixture("post-login", authorization__roles=[role["name"]])
        claims = run_action(TENANT, "post-login", event, action=ROLES_ACTION).id_token_claims
        expected = sorted(p["permission_name"] for p in role["permissions"])
        assert claims[f"{NAMESPACE}permissions"] == expected, role["name"]


def test_machine_tokens_carry_the_client_name_and_tier():
    result = run_action(TENANT, "credentials-exchange", fixture("credentials-exchange"))
    assert result.status == "ok"
    assert result.access_token_claims == {f"{NAMESPACE}client_name": "Travel0 Reports",
                                          f"{NAMESPACE}tier": "internal"}


def test_a_client_without_a_tier_is_standard():
    event = fixture("credentials-exchange", client__metadata={})
    result = run_action(TENANT, "credentials-exchange", event)
    assert result.access_token_claims[f"{NAMESPACE}tier"] == "standard"


@pytest.mark.parametrize("env", ["dev", "qa", "prod"])
def test_sign_ups_from_the_environments_blocked_domain_are_refused(env):
    blocked = json.loads((TENANTS / "env" / f"{env}.json").read_text())["BLOCKED_SIGNUP_DOMAIN"]
    for email in (f"someone@{blocked}", f"someone@mail.{blocked}", f"SOMEONE@{blocked.upper()}"):
        result = run_action(TENANT, "pre-user-registration",
                            fixture("pre-user-registration", user__email=email), env=env)
        assert result.status == "denied", email
        assert result.denied["user_message"] == "Sign-ups with this email domain are not allowed."
        assert blocked in result.denied["reason"].lower()
        assert result.console == [f"refused a sign-up from {email.split('@')[1].lower()}"]


def test_other_domains_may_sign_up():
    for email in ("someone@example.com", "someone@notblocked.example"):
        result = run_action(TENANT, "pre-user-registration",
                            fixture("pre-user-registration", user__email=email))
        assert result.status == "ok" and result.denied is None, email


def test_the_harness_takes_a_js_file_with_secrets(tmp_path):
    action = TENANT / "actions" / "add-roles-claims.js"
    result = run_action(action, "post-login", fixture("post-login"),
                        secrets={"CLAIM_NAMESPACE": "https://other.example/"})
    assert set(result.id_token_claims) == {"https://other.example/roles",
                                           "https://other.example/permissions"}


def test_the_harness_does_not_change_the_fixture():
    event = fixture("post-login")
    before = copy.deepcopy(event)
    run_action(TENANT, "post-login", event, action=ROLES_ACTION)
    assert event == before


def test_command_line_prints_the_result_as_json(tmp_path, capsys):
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(fixture("post-login")))
    assert cli([str(TENANT), "--trigger", "post-login", "--event", str(event_file),
                "--action", ROLES_ACTION]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["status"] == "ok"
    assert printed["id_token_claims"][f"{NAMESPACE}roles"] == ["customer"]


def test_command_line_exits_1_when_the_action_fails(tmp_path, capsys):
    action = tmp_path / "broken.js"
    action.write_text("exports.onExecutePostLogin = async () => { throw new Error('nope'); };")
    event_file = tmp_path / "event.json"
    event_file.write_text("{}")
    assert cli([str(action), "--trigger", "post-login", "--event", str(event_file)]) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "nope"


def test_harness_reports_a_syntax_error_with_its_line(tmp_path):
    action = tmp_path / "broken.js"
    action.write_text("exports.onExecutePostLogin = async () => {\n  if (\n};\n")
    with pytest.raises(ValueError, match=re.escape(f"{action}: <anonymous>:3: SyntaxError")):
        run_action(action, "post-login", {})
