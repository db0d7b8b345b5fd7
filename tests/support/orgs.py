"""The demo organizations of the main tenant and the B2B client, for organization tests."""

from __future__ import annotations

from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support.flows import CodeFlow

PARTNERS = "Travel0 Partners"
PARTNERS_CALLBACK = "http://localhost:5001/callback"
SUNRISE, LAGOON = "sunrise-travel", "lagoon-tours"
ANA = "ana@sunrise-travel.example"  # sunrise-travel: org-admin
BEN = "ben@sunrise-travel.example"  # sunrise-travel: org-member
DANA = "dana@travel0-partners.example"  # sunrise-travel org-member, lagoon-tours org-admin
LEO = "leo@lagoon-tours.example"  # Lagoon-Tours-Staff database, lagoon-tours org-member
NS = "https://travel0.example/"


def partners_flow(http, clients: dict, **extra) -> CodeFlow:
    client = clients[PARTNERS]
    return CodeFlow(http, client["client_id"], PARTNERS_CALLBACK, client["client_secret"], **extra)


def org_ids(http, token: str) -> dict[str, str]:
    """Organization name -> id, read through the Management API."""
    answer = http.get("/api/v2/organizations", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200, answer.text
    return {org["name"]: org["id"] for org in answer.json()}


def decode(http, token: str) -> dict:
    keys = KeySet.import_key_set(http.get("/.well-known/jwks.json").json())
    return jwt.decode(token, keys, algorithms=["RS256"]).claims
