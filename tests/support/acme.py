"""Acme Corp's own IdP (the ``acme`` mock tenant) beside the main tenant, for enterprise login
tests: how the two are wired, and an employee's walk through Acme's login page over HTTP.

The main tenant's connection ``acme`` needs Acme's discovery URL and the id and secret of
Acme's client ``Travel0``; Acme needs the main tenant's ``/login/callback``. Both tenants
derive client credentials from the same seed, so each side is known before either starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests
import yaml

from mock_idp import create_app
from mock_idp.credentials import DEFAULT_SEED
from mock_idp.db import dispose
from scenarios.services import acme_connection_keywords
from tests.support.fixtures import tenant_overrides
from tests.support.flows import RequestsHttp, hidden_fields
from tests.support.servers import LiveServer
from tests.support.tenant import TENANTS

ACME_ORG = "acme-corp"
CONNECTION = "acme"
ALICE, BOB, CAROL = "alice@acme.test", "bob@acme.test", "carol@acme.test"


def acme_password(email: str) -> str:
    data = yaml.safe_load((TENANTS / "acme" / "users" / "demo.yaml").read_text())
    return next(user["password"] for user in data["users"] if user["email"] == email)


def main_keywords(acme_url: str, seed: str = DEFAULT_SEED) -> dict:
    """What the main tenant's connection ``acme`` is deployed with for this Acme."""
    return acme_connection_keywords(acme_url, seed)


def acme_settings(main_url: str) -> dict:
    """Settings of the acme tenant whose one relying party is the main tenant at ``main_url``."""
    return {"TENANT_DIR": str(TENANTS / "acme"),
            "KEYWORDS": {"ACME_RP_CALLBACKS": [main_url.rstrip("/") + "/login/callback"]}}


@dataclass
class Federation:
    """Both tenants on live servers (port 0, 127.0.0.1 like `cookbook up`)."""

    main_url: str
    acme_url: str
    main_app: object
    acme_app: object
    servers: list = field(default_factory=list)

    def browser(self) -> RequestsHttp:
        """A fresh browser (its own cookies for both tenants), based at the main tenant."""
        return RequestsHttp(self.main_url)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        dispose(self.main_app)
        dispose(self.acme_app)


def start_federation(workdir, **main_settings) -> Federation:
    main_server, acme_server = LiveServer("127.0.0.1"), LiveServer("127.0.0.1")
    (workdir / "main").mkdir()
    (workdir / "acme").mkdir()
    acme = create_app({**tenant_overrides(workdir / "acme"), "PUBLIC_URL": acme_server.url,
                       **acme_settings(main_server.url)})
    acme_server.start(acme)
    keywords = {**main_keywords(acme_server.url), **main_settings.pop("KEYWORDS", {})}
    main = create_app({**tenant_overrides(workdir / "main"), "PUBLIC_URL": main_server.url,
                       "KEYWORDS": keywords, **main_settings})
    main_server.start(main)
    return Federation(main_server.url, acme_server.url, main, acme, [main_server, acme_server])


def acme_login(http: RequestsHttp, acme_authorize_url: str, email: str, password: str):
    """At Acme's IdP: open its login page (following its redirect) and log in. Returns Acme's
    answer (a redirect to the main tenant's /login/callback, or the page again)."""
    assert acme_authorize_url.startswith("http"), acme_authorize_url
    page_url = http.get(acme_authorize_url).location
    acme_base = acme_authorize_url.split("/authorize")[0]
    page = http.get(page_url if page_url.startswith("http") else acme_base + page_url)
    assert page.status == 200, page.text
    return http.post(acme_base + "/u/login", data={**hidden_fields(page.text),
                                                   "username": email, "password": password,
                                                   "action": "default"})


def management(base_url: str, credentials: tuple[str, str]) -> requests.Session:
    """A requests session carrying a Management API token of the given client."""
    token = requests.post(base_url + "/oauth/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": credentials[0],
        "client_secret": credentials[1], "audience": base_url + "/api/v2/"})
    assert token.status_code == 200, token.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return session
