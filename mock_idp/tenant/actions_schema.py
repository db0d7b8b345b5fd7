"""Validation of the ``actions`` and ``triggers`` sections, in auth0-deploy-cli's shape.

::

    actions:
      - name: add-roles-claims
        code: ./actions/add-roles-claims.js
        runtime: node22
        dependencies: []
        deployed: true
        secrets: [{name: NAMESPACE, value: '##CLAIM_NAMESPACE##'}]
        supported_triggers: [{id: post-login, version: v3}]
    triggers:
      post-login:
        - {action_name: add-roles-claims, display_name: add-roles-claims}

npm ``dependencies`` cannot be installed in the offline mock, so any are refused here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .schema import Checker

# The triggers the mock runs, with the version auth0-deploy-cli writes for each.
TRIGGERS = {
    "post-login": "v3",
    "credentials-exchange": "v2",
    "pre-user-registration": "v2",
    "post-user-registration": "v2",
    "post-change-password": "v2",
}
RUNTIME = re.compile(r"^node\d+(-actions)?$")


def validate_actions(check: Checker, data: dict) -> None:
    """Check both sections; raise ``TenantFileError`` naming the path of the first problem."""
    actions = _actions(check, data)
    _triggers(check, data, actions)


def _actions(check: Checker, data: dict) -> dict[str, tuple[dict, set[str]]]:
    actions: dict[str, tuple[dict, set[str]]] = {}
    for i, action in enumerate(check.items(data.get("actions"), "actions")):
        where = f"actions[{i}]"
        check.mapping(action, where)
        name = check.text(action.get("name"), f"{where}.name")
        if name in actions:
            check.fail(f"{where}.name", f"duplicate action name {name!r}")
        check.text(action.get("code"), f"{where}.code")
        runtime = action.get("runtime")
        if runtime is not None and not (isinstance(runtime, str) and RUNTIME.match(runtime)):
            check.fail(f"{where}.runtime", f"{runtime!r} is not a Node.js runtime such as node22")
        if check.items(action.get("dependencies"), f"{where}.dependencies"):
            check.fail(f"{where}.dependencies", "npm dependencies cannot be installed in the "
                       "mock tenant (Actions run offline in V8); remove them or inline the code")
        _secrets(check, action, where)
        triggers = _supported(check, action, where)
        if "deployed" in action and not isinstance(action["deployed"], bool):
            check.fail(f"{where}.deployed", "must be true or false")
        actions[name] = (action, triggers)
    return actions


def _secrets(check: Checker, action: dict, where: str) -> None:
    names = []
    for j, secret in enumerate(check.items(action.get("secrets"), f"{where}.secrets")):
        check.mapping(secret, f"{where}.secrets[{j}]")
        names.append(check.text(secret.get("name"), f"{where}.secrets[{j}].name"))
        if not isinstance(secret.get("value"), str):
            check.fail(f"{where}.secrets[{j}].value", "must be a string (use a ##KEYWORD##)")
    check.unique(names, f"{where}.secrets", "secret name")


def _supported(check: Checker, action: dict, where: str) -> set[str]:
    supported = check.items(action.get("supported_triggers"), f"{where}.supported_triggers")
    if not supported:
        check.fail(f"{where}.supported_triggers", "an action needs at least one trigger")
    ids = set()
    for j, trigger in enumerate(supported):
        check.mapping(trigger, f"{where}.supported_triggers[{j}]")
        ids.add(_trigger_id(check, trigger.get("id"), f"{where}.supported_triggers[{j}].id"))
        check.text(trigger.get("version"), f"{where}.supported_triggers[{j}].version")
    return ids


def _trigger_id(check: Checker, value, where: str) -> str:
    check.text(value, where)
    if value not in TRIGGERS:
        check.fail(where, f"unknown trigger {value!r} (the mock runs: {', '.join(TRIGGERS)})")
    return value


def _triggers(check: Checker, data: dict, actions: dict[str, tuple[dict, set[str]]]) -> None:
    bindings = check.mapping(data.get("triggers") or {}, "triggers")
    for trigger, bound in bindings.items():
        _trigger_id(check, trigger, f"triggers.{trigger}")
        names = []
        for j, binding in enumerate(check.items(bound, f"triggers.{trigger}")):
            where = f"triggers.{trigger}[{j}]"
            check.mapping(binding, where)
            name = check.text(binding.get("action_name"), f"{where}.action_name")
            check.text(binding.get("display_name"), f"{where}.display_name", required=False)
            if name not in actions:
                check.fail(f"{where}.action_name", f"no action named {name!r} in actions")
            action, supported = actions[name]
            if trigger not in supported:
                check.fail(f"{where}.action_name",
                           f"action {name!r} does not support the {trigger} trigger")
            if action.get("deployed") is False:
                check.fail(f"{where}.action_name", f"action {name!r} is not deployed")
            names.append(name)
        check.unique(names, f"triggers.{trigger}", "binding of action")
