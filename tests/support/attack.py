"""Attack-protection test support: browsers at chosen IP addresses, an administrator on the
Management API, the tenant's outbox, and tenants with other ``attackProtection`` settings.

Flask's test client takes the caller's address from ``environ_base["REMOTE_ADDR"]``, which
is what ``request.remote_addr`` (and so the mock's protection) sees.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from html import unescape
from pathlib import Path

import yaml

from mock_idp import create_app
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp, Resp
from tests.support.tenant import TENANTS

DB = "Username-Password-Authentication"
CALLBACK = "http://localhost:5000/callback"
STRONG = "Travel0-Strong-Pass-41"  # passes the policy, not in any list
BREACHED = "Travel0-Leaked-2019!"  # passes the policy, listed as breached (a cookbook example)
LINK = re.compile(r"https?://[^\s\"'<>]+")


def allowlisted_ip(env: str = "dev") -> str:
    """The first address of the environment's attack-protection allow-list."""
    keywords = json.loads((TENANTS / "env" / f"{env}.json").read_text())
    return keywords["ATTACK_PROTECTION_ALLOWLIST"][0]


def new_email(prefix: str = "visitor") -> str:
    return f"{prefix}.{secrets.token_hex(4)}@example.com"


class Browser:
    """One browser (its own cookies) calling the tenant from ``ip``."""

    def __init__(self, app, ip: str):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = ip
        self.http = FlaskHttp(client)
        self.ip = ip
        web = {c["name"]: c for c in self.http.get("/_cookbook/clients").json()}["Travel0 Web"]
        self.client_id, self.client_secret = web["client_id"], web["client_secret"]

    def flow(self) -> CodeFlow:
        return CodeFlow(self.http, self.client_id, CALLBACK, self.client_secret,
                        scope="openid profile email offline_access")

    def try_login(self, email: str, password: str, headers: dict | None = None) -> Resp:
        """Start at /authorize and post the login form; the answer to the form post."""
        flow = self.flow()
        return flow.submit_login(flow.authorize().location, email, password, headers=headers)

    def login(self, email: str, password: str) -> dict:
        """The whole code flow; returns the token response."""
        return self.flow().login(email, password)


def form_error(page: Resp) -> str:
    """The text of the login form's password error (``#error-element-password``)."""
    found = re.search(r'id="error-element-password"[^>]*>(.*?)</', page.text, re.DOTALL)
    return " ".join(unescape(found.group(1)).split()) if found else ""


class Admin:
    """The Travel0 Management client on the Management API, over a test client."""

    def __init__(self, app):
        self.http = FlaskHttp(app.test_client())
        clients = {c["name"]: c for c in self.http.get("/_cookbook/clients").json()}
        manager = clients["Travel0 Management"]
        audience = app.config["ISSUER"] + "api/v2/"
        answer = self.http.post("/oauth/token", data={
            "grant_type": "client_credentials", "client_id": manager["client_id"],
            "client_secret": manager["client_secret"], "audience": audience})
        assert answer.status == 200, answer.text
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def call(self, method: str, path: str, body: dict | None = None) -> Resp:
        send = getattr(self.http.client, method.lower())
        response = send(f"/api/v2{path}", json=body, headers=self.headers)
        return Resp(response.status_code, dict(response.headers), response.get_data(as_text=True))

    def create_user(self, email: str, password: str = STRONG) -> dict:
        answer = self.call("POST", "/users", {"connection": DB, "email": email,
                                              "password": password})
        assert answer.status == 201, answer.text
        return answer.json()

    def set_blocked(self, user_id: str, blocked: bool) -> dict:
        answer = self.call("PATCH", f"/users/{user_id}", {"blocked": blocked})
        assert answer.status == 200, answer.text
        return answer.json()


def outbox(app, to: str, template: str | None = None) -> list[dict]:
    """Mail the tenant sent to ``to`` (newest first), read through the control plane."""
    mail = FlaskHttp(app.test_client()).get("/_cookbook/outbox", params={"to": to}).json()
    return [m for m in mail if template is None or m.get("template") == template]


def link_in(message: dict) -> str:
    """The link a message carries (its ``url`` variable, else the first link in its text)."""
    url = (message.get("data") or {}).get("url")
    return url or LINK.search(message.get("text") or message.get("html") or "").group(0)


def tenant_with_protection(root: Path, attack_protection: dict) -> Path:
    """A copy of tenants/main whose ``attackProtection`` section is ``attack_protection``."""
    shutil.copytree(TENANTS / "main", root / "main")
    shutil.copytree(TENANTS / "env", root / "env")
    path = root / "main" / "tenant.yaml"
    text = path.read_text()
    start = text.index("\nattackProtection:\n") + 1
    body = text.index("\n", start) + 1
    end = re.search(r"^\S", text[body:], re.MULTILINE).start() + body
    section = yaml.safe_dump({"attackProtection": attack_protection}, sort_keys=False)
    path.write_text(text[:start] + section + "\n" + text[end:])
    return root / "main"


def start_protected_tenant(root: Path, attack_protection: dict, **settings):
    """Start a throw-away tenant with these attack-protection settings."""
    directory = tenant_with_protection(root, attack_protection)
    return create_app(tenant_overrides(root, TENANT_DIR=str(directory), **settings))


class TenantAdmin:
    """The Travel0 Management client on a running target's Management API (mock or real)."""

    def __init__(self, stack):
        import requests

        self.base = stack.tenant_url
        client_id, secret = stack.target.credentials("Travel0 Management")
        answer = requests.post(f"{self.base}/oauth/token", timeout=10, data={
            "grant_type": "client_credentials", "client_id": client_id,
            "client_secret": secret, "audience": f"{self.base}/api/v2/"})
        assert answer.status_code == 200, answer.text
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def create_user(self, email: str, password: str = STRONG) -> dict:
        answer = self.session.post(f"{self.base}/api/v2/users", timeout=10, json={
            "connection": DB, "email": email, "password": password})
        assert answer.status_code == 201, answer.text
        return answer.json()

    def set_blocked(self, user_id: str, blocked: bool) -> None:
        answer = self.session.patch(f"{self.base}/api/v2/users/{user_id}", timeout=10,
                                    json={"blocked": blocked})
        assert answer.status_code == 200, answer.text

    def organization_by_name(self, name: str) -> dict:
        answer = self.session.get(f"{self.base}/api/v2/organizations/name/{name}", timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def update_organization(self, org_id: str, **fields) -> dict:
        """``PATCH /api/v2/organizations/{id}``; ``metadata`` replaces the whole metadata."""
        answer = self.session.patch(f"{self.base}/api/v2/organizations/{org_id}", timeout=10,
                                    json=fields)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def close(self) -> None:
        self.session.close()
