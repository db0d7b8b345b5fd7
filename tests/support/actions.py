"""Throw-away tenants with extra Actions, for behaviours the shipped tenant does not show
(deny, throw, time limits, redirects): a copy of tenants/main and tenants/env whose
``actions``/``triggers`` sections are rewritten."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mock_idp import create_app
from mock_idp.tenant import load_tenant
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp
from tests.support.tenant import TENANTS

VERSIONS = {"post-login": "v3", "credentials-exchange": "v2", "pre-user-registration": "v2",
            "post-user-registration": "v2", "post-change-password": "v2"}
HANDLERS = {"post-login": "onExecutePostLogin",
            "credentials-exchange": "onExecuteCredentialsExchange",
            "pre-user-registration": "onExecutePreUserRegistration",
            "post-user-registration": "onExecutePostUserRegistration",
            "post-change-password": "onExecutePostChangePassword"}


@dataclass
class ActionFile:
    """One extra Action: ``body`` is the handler's body, or ``code`` the whole file."""

    name: str
    trigger: str
    body: str = ""
    code: str | None = None
    secrets: dict = field(default_factory=dict)

    def source(self) -> str:
        if self.code is not None:
            return self.code
        return f"exports.{HANDLERS[self.trigger]} = async (event, api) => {{\n{self.body}\n}};\n"


def tenant_with_actions(root: Path, actions: tuple[ActionFile, ...], shipped: bool = True) -> Path:
    """Copy the main tenant under ``root`` and bind ``actions`` after (or instead of) its own."""
    shutil.copytree(TENANTS / "main", root / "main")
    shutil.copytree(TENANTS / "env", root / "env")
    tenant_file = root / "main" / "tenant.yaml"
    text = tenant_file.read_text()
    head = text[:text.index("\nactions:\n")]
    data = load_tenant(TENANTS / "main", "dev").data
    entries = list(data["actions"]) if shipped else []
    triggers = {key: list(value) for key, value in data["triggers"].items()} if shipped else {}
    for action in actions:
        (root / "main" / "actions" / f"{action.name}.js").write_text(action.source())
        entries.append({"name": action.name, "code": f"./actions/{action.name}.js",
                        "runtime": "node22", "dependencies": [], "deployed": True,
                        "secrets": [{"name": k, "value": v} for k, v in action.secrets.items()],
                        "supported_triggers": [{"id": action.trigger,
                                                "version": VERSIONS[action.trigger]}]})
        triggers.setdefault(action.trigger, []).append(
            {"action_name": action.name, "display_name": action.name})
    sections = yaml.safe_dump({"actions": entries, "triggers": triggers}, sort_keys=False)
    tenant_file.write_text(head + "\n" + sections)
    return root / "main"


@dataclass
class ActionsTenant:
    """A running throw-away tenant and the test's handles on it."""

    app: object
    http: FlaskHttp

    @property
    def clients(self) -> dict:
        return {c["name"]: c for c in self.http.get("/_cookbook/clients").json()}

    def flow(self, client: str = "Travel0 Web",
             callback: str = "http://localhost:5000/callback") -> CodeFlow:
        found = self.clients[client]
        return CodeFlow(self.http, found["client_id"], callback, found["client_secret"])

    def logs(self, event_type: str | None = None) -> list[dict]:
        params = {"type": event_type} if event_type else None
        return self.http.get("/_cookbook/logs", params=params).json()


def start_tenant(root: Path, actions: tuple[ActionFile, ...], shipped: bool = True,
                 **settings) -> ActionsTenant:
    directory = tenant_with_actions(root, actions, shipped)
    app = create_app(tenant_overrides(root, TENANT_DIR=str(directory), **settings))
    return ActionsTenant(app, FlaskHttp(app.test_client()))
