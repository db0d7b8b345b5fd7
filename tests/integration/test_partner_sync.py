"""Organizations for M2M access end to end: Sunrise Travel's booking integration
(``python -m apps.partner_sync``) gets an organization-scoped token from the tenant and books
through the live API as its agency; the tenant refuses another agency, and the API refuses a
Sunrise token on another agency's URL."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from auth0.authentication import GetToken

from tests.support.orgs import LAGOON, SUNRISE
from tests.support.tenant import AUDIENCE

pytestmark = pytest.mark.integration
M2M = "b2b.phase2.authorization.m2m"
SYNC = "Sunrise Booking Sync"
ROOT = Path(__file__).resolve().parents[2]


def run_sync(stack, organization: str, destination: str) -> subprocess.CompletedProcess:
    client_id, secret = stack.target.credentials(SYNC)
    env = {**os.environ, "AUTH0_CLIENT_ID": client_id, "AUTH0_CLIENT_SECRET": secret}
    return subprocess.run(
        [sys.executable, "-m", "apps.partner_sync", "--domain", stack.tenant_url,
         "--api", stack.api_url, "--organization", organization,
         "--destination", destination, "--travellers", "3"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


def sync_token(stack, organization: str) -> str:
    client_id, secret = stack.target.credentials(SYNC)
    domain = stack.tenant_url.split("://", 1)
    auth = GetToken(domain[1], client_id, secret, protocol=domain[0])
    return auth.client_credentials(AUDIENCE, organization=organization)["access_token"]


@pytest.mark.scenario(M2M)
def test_the_partner_integration_books_as_its_organization(stack):
    done = run_sync(stack, SUNRISE, "Lisbon")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    booked = result["booked"]
    assert booked["destination"] == "Lisbon" and booked["travellers"] == 3
    assert booked["booked_by"].endswith("@clients"), "the integration itself made it"
    assert booked["org_id"].startswith("org_")
    assert result["organization_bookings"] >= 1


@pytest.mark.scenario(M2M)
def test_the_partner_integration_cannot_book_for_another_organization(stack):
    done = run_sync(stack, LAGOON, "Bali")
    assert done.returncode == 1
    assert "the tenant refused a token for lagoon-tours: access_denied" in done.stderr


@pytest.mark.scenario(M2M)
def test_a_token_for_one_organization_is_refused_on_another_organizations_url(stack):
    token = sync_token(stack, SUNRISE)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=stack.api_url, headers=headers, timeout=10) as api:
        lagoon_id = org_id(stack, LAGOON)
        mine = api.get(f"/api/orgs/{_claim(token, 'org_id')}/bookings")
        assert mine.status_code == 200
        theirs = api.get(f"/api/orgs/{lagoon_id}/bookings")
        assert theirs.status_code == 403 and theirs.json()["error"] == "access_denied"
        cancel = api.delete(f"/api/orgs/{_claim(token, 'org_id')}/bookings/1")
        assert cancel.status_code == 403, "the grant has no delete:bookings"
        assert cancel.json()["error"] == "insufficient_scope"


def org_id(stack, name: str) -> str:
    """Read through the Management API with the tenant's management client."""
    client_id, secret = stack.target.credentials("Travel0 Management")
    scheme, domain = stack.tenant_url.split("://", 1)
    mgmt = GetToken(domain, client_id, secret, protocol=scheme).client_credentials(
        f"{stack.tenant_url}/api/v2/")["access_token"]
    answer = httpx.get(f"{stack.tenant_url}/api/v2/organizations/name/{name}", timeout=10,
                       headers={"Authorization": f"Bearer {mgmt}"})
    assert answer.status_code == 200, answer.text
    return answer.json()["id"]


def _claim(token: str, name: str):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))[name]
