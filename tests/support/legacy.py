"""Travel0 Classic for tests: the legacy app on a live port-0 server, its demo members, and
mock tenants whose Travel0-Classic connection points at it (optionally with other scripts)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from apps.legacy import create_app as create_legacy
from apps.legacy.db import dispose as dispose_legacy
from mock_idp import create_app as create_tenant
from mock_idp.db import dispose as dispose_tenant
from tests.support.fixtures import tenant_overrides
from tests.support.flows import CodeFlow, FlaskHttp
from tests.support.servers import LiveServer
from tests.support.tenant import ROOT, TENANTS

CLASSIC = "Travel0-Classic"
API_SECRET = "test-legacy-api-secret-7f3a"
SCRIPTS = TENANTS / "main" / "databases" / CLASSIC
CALLBACK = "http://localhost:5000/callback"


@lru_cache
def members() -> dict[str, str]:
    """Demo member email → password (apps/legacy/demo.yaml)."""
    data = yaml.safe_load((ROOT / "apps" / "legacy" / "demo.yaml").read_text())
    return {member["email"]: member["password"] for member in data["members"]}


OLIVIA, NOAH, AMELIA, LIAM, SOFIA = (f"{name}@classic.example" for name in
                                     ("olivia", "noah", "amelia", "liam", "sofia"))
KIM = "kim at classic.example"
# Coral Cruises' agents: they migrate into the agency's own connection (Travel0 Partners).
CORAL, CORAL_CONNECTION = "coral-cruises", "Coral-Cruises-Classic"
MARCO, YUKI, INES = (f"{name}@coral-cruises.example" for name in ("marco", "yuki", "ines"))
AGENTS = (MARCO, YUKI, INES)


def consumers() -> dict[str, str]:
    """The demo members who are Travel0 Classic consumers (not agency agents)."""
    return {email: password for email, password in members().items() if email not in AGENTS}


def legacy_settings(tmp_path: Path, **extra) -> dict:
    return {"DATABASE_URL": f"sqlite:///{tmp_path}/legacy.db", "API_SECRET": API_SECRET,
            "SECRET_KEY": "legacy-test", **extra}


@dataclass
class LiveLegacy:
    """Travel0 Classic answering on 127.0.0.1 and a free port."""

    app: object
    server: LiveServer

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.stop()
        dispose_legacy(self.app)


def start_legacy(tmp_path: Path, **extra) -> LiveLegacy:
    server = LiveServer("127.0.0.1")
    app = create_legacy(legacy_settings(tmp_path, **extra))
    server.start(app)
    return LiveLegacy(app, server)


def tenant_copy(root: Path, login: str | None = None, get_user: str | None = None,
                signup: bool = False) -> Path:
    """tenants/main (and env/) under ``root``, with other scripts or sign-up turned on for
    Travel0-Classic."""
    shutil.copytree(TENANTS / "main", root / "main")
    shutil.copytree(TENANTS / "env", root / "env")
    scripts = root / "main" / "databases" / CLASSIC
    for name, code in (("login", login), ("get_user", get_user)):
        if code is not None:
            (scripts / f"{name}.js").write_text(code)
    if signup:
        tenant_file = root / "main" / "tenant.yaml"
        text = tenant_file.read_text()
        marker = "disable_signup: true                # new customers"
        assert marker in text, "Travel0-Classic's disable_signup line moved"
        tenant_file.write_text(text.replace(marker, "disable_signup: false  # test: on"))
    return root / "main"


@dataclass
class MigrationTenant:
    """A mock tenant (test client) whose Travel0-Classic scripts call ``legacy_url``."""

    app: object
    http: FlaskHttp

    @property
    def clients(self) -> dict:
        return {c["name"]: c for c in self.http.get("/_cookbook/clients").json()}

    def flow(self) -> CodeFlow:
        web = self.clients["Travel0 Web"]
        return CodeFlow(self.http, web["client_id"], CALLBACK, web["client_secret"])

    def logs(self, event_type: str | None = None) -> list[dict]:
        params = {"type": event_type} if event_type else None
        return self.http.get("/_cookbook/logs", params=params).json()

    def user(self, email: str):
        """The tenant's user with ``email`` in Travel0-Classic (a detached row), or None."""
        from sqlalchemy import select

        from mock_idp.models import User

        with self.app.extensions["mock_idp.db"]() as db:
            return db.scalar(select(User).where(User.connection == CLASSIC,
                                                User.email == email.lower()))

    def login_page(self, email: str, password: str):
        """Submit Universal Login for Travel0-Classic (``prompt=login``: whatever SSO session
        the test client holds); the response to the form post."""
        flow = self.flow()
        first = flow.authorize(connection=CLASSIC, prompt="login")
        return flow, flow.submit_login(first.location, email, password)


def start_migration_tenant(root: Path, legacy_url: str, secret: str = API_SECRET,
                           tenant_dir: Path | None = None, **settings) -> MigrationTenant:
    keywords = {"LEGACY_API_URL": legacy_url, "LEGACY_API_SECRET": secret}
    overrides = tenant_overrides(root, KEYWORDS=keywords, **settings)
    if tenant_dir is not None:
        overrides["TENANT_DIR"] = str(tenant_dir)
    app = create_tenant(overrides)
    return MigrationTenant(app, FlaskHttp(app.test_client()))


@pytest.fixture
def legacy(tmp_path):
    """Travel0 Classic on a live port-0 server with its seeded members."""
    running = start_legacy(tmp_path / "legacy")
    yield running
    running.stop()


@pytest.fixture
def migration_tenant(tmp_path):
    """Start tenants whose Travel0-Classic connection calls a given legacy URL."""
    started = []

    def start(legacy_url: str, **kwargs) -> MigrationTenant:
        root = tmp_path / f"tenant{len(started)}"
        root.mkdir()
        tenant = start_migration_tenant(root, legacy_url, **kwargs)
        started.append(tenant.app)
        return tenant

    yield start
    for app in started:
        dispose_tenant(app)
