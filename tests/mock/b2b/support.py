"""Fixtures for the B2B app's mock tier: the app through Flask's test client, the real API on
a live server, and the fake tenant (``FakeIdP``) and Management API handing out organization
logins. ``sign_in(client, fake_idp, org)`` runs a whole code flow for one organization."""

from __future__ import annotations

import copy

import pytest

from api import create_app as create_api
from apps.b2b import create_app
from tests.mock.b2c.support import app_config, authorize, dispose, start_login
from tests.support.fake_idp import FakeIdP
from tests.support.fake_management import DEMO_USER_ID, FakeManagementApi
from tests.support.servers import LiveServer

ROLES_CLAIM = "https://travel0.example/org_roles"
ACME = {"id": "org_acmetravel000001", "name": "acme-travel", "display_name": "Acme Travel",
        "branding": {"logo_url": "https://acme.example/logo.png",
                     "colors": {"primary": "#c0392b", "page_background": "#ffffff"}},
        "metadata": {"tier": "gold"}}
GLOBEX = {"id": "org_globexgroup00001", "name": "globex", "display_name": "Globex Group",
          "branding": {"colors": {"primary": "javascript:alert(1)",
                                                      "page_background": "#fff"}},
          "metadata": {}}
MEMBER = ["read:bookings", "create:bookings"]
ADMIN = [*MEMBER, "delete:bookings"]


@pytest.fixture
def fake_idp():
    idp = FakeIdP(permissions=MEMBER).start()
    yield idp
    idp.stop()


@pytest.fixture
def fake_mgmt():
    mgmt = FakeManagementApi().start()
    mgmt.organizations = {org["id"]: copy.deepcopy(org) for org in (ACME, GLOBEX)}
    mgmt.memberships = {DEMO_USER_ID: [ACME["id"], GLOBEX["id"]]}
    mgmt.member_roles = {(ACME["id"], DEMO_USER_ID): ["org-admin"]}  # as the tenant has it now
    yield mgmt
    mgmt.stop()


@pytest.fixture
def api_server(fake_idp, tmp_path):
    """The real resource server, trusting the fake tenant."""
    api = create_api({"AUTH0_DOMAIN": fake_idp.url,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'api.db'}"})
    server = LiveServer()
    server.start(api)
    yield server
    server.stop()
    api.extensions["api.db"].dispose()


@pytest.fixture
def app(fake_idp, api_server, fake_mgmt, tmp_path):
    app = create_app(app_config(fake_idp, api_server.url, tmp_path, mgmt=fake_mgmt,
                                APP_NAME="Travel0 Partners", SESSION_COOKIE_NAME="b2b_session"))
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


def issue_for(idp: FakeIdP, org: dict | None, roles=("member",), permissions=MEMBER,
              name_claim=True, claims: dict | None = None) -> None:
    """Make the fake tenant's next logins organization logins (or plain ones for ``None``);
    ``claims`` are added to the ID token."""
    claims = {**({} if org is None else {"org_id": org["id"], ROLES_CLAIM: list(roles)}),
              **(claims or {})}
    if org is not None and name_claim:
        claims["org_name"] = org["name"]
    idp.id_token_claims = claims
    idp.access_token_claims = {"org_id": org["id"]} if org else {}
    idp.permissions = list(permissions)


def sign_in(client, idp: FakeIdP, org: dict | None, path: str | None = None, **kwargs):
    """A whole code flow through ``path`` (default: login for ``org``); the callback response."""
    issue_for(idp, org, **kwargs)
    path = path or (f"/login?organization={org['id']}" if org else "/login")
    authorize_url, _ = start_login(client, path)
    return client.get(authorize(authorize_url))
