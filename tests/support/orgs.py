"""The demo organizations of the main tenant and the B2B client, for organization tests."""

from __future__ import annotations

import requests
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


def management_api(base_url: str, credentials: tuple[str, str]) -> tuple[str, dict]:
    """The Management API's base URL and auth headers for an M2M client (over HTTP)."""
    client_id, secret = credentials
    api = base_url.rstrip("/") + "/api/v2"
    token = requests.post(base_url.rstrip("/") + "/oauth/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
        "audience": api + "/"})
    assert token.status_code == 200, token.text
    return api, {"Authorization": f"Bearer {token.json()['access_token']}"}


def add_agent(base_url: str, credentials: tuple[str, str], org_name: str, email: str,
              password: str, role: str = "org-member") -> str:
    """A new agent of ``org_name``, as an agency admin's back office makes one: a user in the
    shared database, a member of the organization with the org ``role`` (Management API,
    over HTTP). Works on the mock and on a real tenant alike; returns the user id."""
    api, headers = management_api(base_url, credentials)
    user = requests.post(f"{api}/users", headers=headers, timeout=10, json={
        "email": email, "password": password, "connection": "Username-Password-Authentication",
        "name": email.split("@")[0].title()})
    assert user.status_code == 201, user.text
    org = requests.get(f"{api}/organizations/name/{org_name}", headers=headers, timeout=10)
    assert org.status_code == 200, org.text
    members, user_id = f"{api}/organizations/{org.json()['id']}/members", user.json()["user_id"]
    added = requests.post(members, headers=headers, timeout=10, json={"members": [user_id]})
    assert added.status_code == 204, added.text
    grant_org_role(base_url, credentials, org_name, user_id, role)
    return user_id


def grant_org_role(base_url: str, credentials: tuple[str, str], org_name: str, user_id: str,
                   role: str) -> None:
    """Give a member of ``org_name`` the organization ``role`` (Management API, over HTTP)."""
    api, headers = management_api(base_url, credentials)
    org = requests.get(f"{api}/organizations/name/{org_name}", headers=headers, timeout=10)
    assert org.status_code == 200, org.text
    roles = requests.get(f"{api}/roles", headers=headers, params={"name_filter": role}, timeout=10)
    role_ids = [found["id"] for found in roles.json() if found["name"] == role]
    granted = requests.post(f"{api}/organizations/{org.json()['id']}/members/{user_id}/roles",
                            headers=headers, timeout=10, json={"roles": role_ids})
    assert role_ids and granted.status_code == 204, granted.text


def member_roles(base_url: str, credentials: tuple[str, str], org_name: str,
                 user_id: str) -> list[str] | None:
    """The member's organization role names, or None when they are not a member."""
    api, headers = management_api(base_url, credentials)
    org = requests.get(f"{api}/organizations/name/{org_name}", headers=headers, timeout=10)
    assert org.status_code == 200, org.text
    roles = requests.get(f"{api}/organizations/{org.json()['id']}/members/{user_id}/roles",
                         headers=headers, timeout=10)
    if roles.status_code == 404:
        return None
    assert roles.status_code == 200, roles.text
    return [role["name"] for role in roles.json()]
