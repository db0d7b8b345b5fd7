"""A small Management API v2 session for the `cookbook` command (deploys, checks).

It gets an M2M token from the tenant's ``/oauth/token`` with the Management API audience and
speaks plain JSON, as auth0-deploy-cli does, so it works the same against the mock and Auth0.
"""

from __future__ import annotations

import requests

PAGE = 50


class ManagementError(RuntimeError):
    """The tenant refused a call; the message says which call and why."""


class Management:
    def __init__(self, base_url: str, client_id: str, client_secret: str, timeout: float = 15):
        self.base = base_url.rstrip("/")
        self.api = f"{self.base}/api/v2"
        self.client_id = client_id
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self._token(client_secret)}"

    def _token(self, client_secret: str) -> str:
        response = requests.post(f"{self.base}/oauth/token", timeout=self.timeout, data={
            "grant_type": "client_credentials", "client_id": self.client_id,
            "client_secret": client_secret, "audience": f"{self.api}/"})
        if response.status_code != 200:
            raise ManagementError(f"no Management API token from {self.base}: "
                                  f"{response.status_code} {response.text}")
        return response.json()["access_token"]

    def call(self, method: str, path: str, **kwargs):
        response = self.http.request(method, self.api + path, timeout=self.timeout, **kwargs)
        if response.status_code >= 400:
            raise ManagementError(f"{method} /api/v2{path}: {response.status_code} {response.text}")
        return response.json() if response.content else None

    def all(self, path: str, key: str) -> list[dict]:
        """Every item of a paged list endpoint."""
        items, page = [], 0
        while True:
            body = self.call("GET", path, params={"page": page, "per_page": PAGE,
                                                  "include_totals": "true"})
            batch = body.get(key, []) if isinstance(body, dict) else body
            items += batch
            if len(batch) < PAGE:
                return items
            page += 1

    def all_if_allowed(self, path: str, key: str) -> list[dict] | None:
        """``all``, or None when the client's grant does not allow reading ``path`` (403):
        the deploy then leaves that kind of object alone."""
        try:
            return self.all(path, key)
        except ManagementError as exc:
            if ": 403 " not in str(exc):
                raise
            return None
