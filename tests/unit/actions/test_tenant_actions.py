"""The ``actions``/``triggers`` sections and the Actions' code files: every mistake stops
start-up with the file, the place in it and the problem."""

from __future__ import annotations

import pytest

from mock_idp.actions.registry import Registry
from mock_idp.tenant import TenantFileError, load_tenant
from tests.support.tenant import TENANTS, edit

pytestmark = pytest.mark.unit


@pytest.mark.scenario("b2c.phase1.architecture.tenant-provision")
def test_main_tenant_binds_its_actions_in_order():
    spec = load_tenant(TENANTS / "main", "dev")
    registry = Registry.from_spec(spec, 5000, 64)
    assert [a.name for a in registry.bound("post-login")] == ["add-roles-claims", "add-org-claims"]
    assert [a.name for a in registry.bound("credentials-exchange")] == ["tag-m2m-tokens"]
    block = registry.bound("pre-user-registration")[0]
    assert block.secrets == {"BLOCKED_EMAIL_DOMAIN": "blocked.example"}  # keyword replaced
    assert "onExecutePreUserRegistration" in block.source


@pytest.mark.parametrize("old,new,where,problem", [
    ("      - id: post-login\n", "      - id: post-logon\n",
     "actions[0].supported_triggers[0].id", "unknown trigger 'post-logon'"),
    ("  credentials-exchange:\n    - action_name: tag-m2m-tokens",
     "  credentials-exchange:\n    - action_name: add-roles-claims",
     "triggers.credentials-exchange[0].action_name",
     "action 'add-roles-claims' does not support the credentials-exchange trigger"),
    ("    - action_name: block-signup-domain", "    - action_name: no-such-action",
     "triggers.pre-user-registration[0].action_name", "no action named 'no-such-action'"),
    ("  post-login:\n", "  post-logon:\n", "triggers.post-logon", "unknown trigger"),
    ("    code: ./actions/tag-m2m-tokens.js", "    code: ./actions/missing.js",
     "actions[1].code", "code file ./actions/missing.js not found"),
    ("    code: ./actions/tag-m2m-tokens.js", "    code: ../env/dev.json",
     "actions[1].code", "outside the tenant directory"),
    ("    dependencies: []\n", "    dependencies: [{name: axios, version: 1.7.0}]\n",
     "actions[0].dependencies", "npm dependencies cannot be installed"),
    ("    runtime: node22\n", "    runtime: python3\n", "actions[0].runtime", "not a Node.js runtime"),
    ("  - name: tag-m2m-tokens\n", "  - name: add-roles-claims\n", "actions[1].name",
     "duplicate action name"),
    ("        value: '##BLOCKED_SIGNUP_DOMAIN##'", "        value: 42", "actions[2].secrets[0].value",
     "must be a string"),
    ("    deployed: true\n", "    deployed: false\n", "triggers.post-login[0].action_name",
     "is not deployed"),
])
def test_tenant_yaml_errors_name_the_place(tenant_copy, old, new, where, problem):
    edit(tenant_copy / "tenant.yaml", old, new)
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert caught.value.path == tenant_copy / "tenant.yaml"
    assert caught.value.where == where
    assert problem in caught.value.problem


def test_a_syntax_error_stops_start_up_naming_the_file_and_line(tenant_copy):
    code = tenant_copy / "actions" / "tag-m2m-tokens.js"
    edit(code, "  api.accessToken.setCustomClaim(`${namespace}tier`, tier);",
         "  api.accessToken.setCustomClaim(`${namespace}tier`, tier;")
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert caught.value.path == code.resolve()
    line = code.read_text().splitlines().index(
        "  api.accessToken.setCustomClaim(`${namespace}tier`, tier;") + 1
    assert caught.value.where == f"line {line}"
    assert caught.value.problem.startswith("SyntaxError:")


def test_keywords_are_replaced_in_action_code(tenant_copy):
    edit(tenant_copy / "actions" / "tag-m2m-tokens.js", "|| \"standard\"",
         "|| \"##ENVIRONMENT_LABEL##\"")
    spec = load_tenant(tenant_copy, "qa")
    assert '|| " (qa)"' in spec.action_code["tag-m2m-tokens"]
