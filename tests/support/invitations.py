"""Organization invitations for browserless tests: create one through the Management API,
read its link from the mail sink, and open the link the way Travel0 Partners forwards it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

from tests.support.flows import CodeFlow, query_of
from tests.support.orgs import PARTNERS


class Invitations:
    """The Management API's invitation calls for one tenant, with a management token."""

    def __init__(self, http, clients: dict, token: str):
        self.http, self.clients = http, clients
        self.headers = {"Authorization": f"Bearer {token}"}

    def role_id(self, name: str) -> str:
        roles = self.http.get("/api/v2/roles", params={"name_filter": name},
                              headers=self.headers).json()
        return next(role["id"] for role in roles if role["name"] == name)

    def create(self, org_id: str, email: str, roles=("org-member",), inviter="Ana Sunrise",
               client: str = PARTNERS, **extra) -> dict:
        body = {"inviter": {"name": inviter}, "invitee": {"email": email},
                "client_id": self.clients[client]["client_id"],
                "roles": [self.role_id(name) for name in roles], **extra}
        answer = self.http.post(f"/api/v2/organizations/{org_id}/invitations", json=body,
                                headers=self.headers)
        assert answer.status == 201, answer.text
        return answer.json()

    def get(self, org_id: str, invitation_id: str):
        return self.http.get(f"/api/v2/organizations/{org_id}/invitations/{invitation_id}",
                             headers=self.headers)

    def delete(self, org_id: str, invitation_id: str) -> None:
        """Revoke (``FlaskHttp`` only: the browserless adapters have no DELETE)."""
        response = self.http.client.delete(
            f"/api/v2/organizations/{org_id}/invitations/{invitation_id}", headers=self.headers)
        assert response.status_code == 204, response.get_data(as_text=True)

    def member_roles(self, org_id: str, user_id: str):
        return self.http.get(f"/api/v2/organizations/{org_id}/members/{user_id}/roles",
                             headers=self.headers)

    def users_by_email(self, email: str) -> list[dict]:
        return self.http.get("/api/v2/users-by-email", params={"email": email},
                             headers=self.headers).json()


def link_params(invitation_url: str) -> dict:
    """What the app's ``/login`` forwards to /authorize: ``invitation`` and ``organization``."""
    query = {key: values[-1] for key, values in parse_qs(urlsplit(invitation_url).query).items()}
    return {"invitation": query["invitation"], "organization": query["organization"]}


def open_link(flow: CodeFlow, invitation_url: str, **extra):
    """/authorize with the link's parameters, as Travel0 Partners' ``/login`` sends it."""
    return flow.authorize(**link_params(invitation_url), **extra)


def refusal(flow: CodeFlow, response) -> dict:
    """The error the application receives on its callback (never a code)."""
    assert response.status == 302 and response.location.startswith(flow.redirect_uri), \
        (response.status, response.text[:300])
    answer = query_of(response.location)
    assert "code" not in answer and answer.get("state") == flow.state, answer
    return answer


class RemoteManagement:
    """The Management API of any target (the mock or a real tenant) over HTTP, with the
    given M2M credentials: what an operator's back office calls to invite someone."""

    def __init__(self, base_url: str, credentials: tuple[str, str]):
        self.api = base_url.rstrip("/") + "/api/v2"
        token = requests.post(base_url.rstrip("/") + "/oauth/token", timeout=10, data={
            "grant_type": "client_credentials", "client_id": credentials[0],
            "client_secret": credentials[1], "audience": self.api + "/"})
        assert token.status_code == 200, token.text
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

    def _ok(self, response, status: int = 200):
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def org_id(self, name: str) -> str:
        return self._ok(self.session.get(f"{self.api}/organizations/name/{name}", timeout=10))["id"]

    def create_user(self, email: str, password: str) -> dict:
        return self._ok(self.session.post(f"{self.api}/users", timeout=10, json={
            "email": email, "password": password,
            "connection": "Username-Password-Authentication"}), 201)

    def invite(self, org_name: str, email: str, client_id: str, roles=("org-member",),
               **extra) -> dict:
        listed = self._ok(self.session.get(f"{self.api}/roles", timeout=10))
        role_ids = [role["id"] for role in listed if role["name"] in roles]
        return self._ok(self.session.post(
            f"{self.api}/organizations/{self.org_id(org_name)}/invitations", timeout=10, json={
                "inviter": {"name": "Travel0 Partner Desk"}, "invitee": {"email": email},
                "client_id": client_id, "roles": role_ids, **extra}), 201)
