"""The integration itself: settings, the organization-scoped token, and the bookings calls."""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from auth0.authentication import GetToken
from auth0.authentication.exceptions import Auth0Error

CLIENT_NAME = "Sunrise Booking Sync"
AUDIENCE = "https://api.cookbook.local/"


class SyncError(Exception):
    """The tenant or the API refused; the message says who and why."""


@dataclass(frozen=True)
class Settings:
    domain: str  # a bare Auth0 domain (https) or a base URL such as http://127.0.0.1:4000
    client_id: str
    client_secret: str
    api_url: str
    organization: str  # the organization's name or id
    audience: str = AUDIENCE


class BookingSync:
    """Books as the partner's organization through the Travel0 API."""

    def __init__(self, settings: Settings, http: httpx.Client | None = None):
        self.settings = settings
        self.http = http or httpx.Client(timeout=10)
        self._token: str | None = None

    def token(self) -> str:
        """An access token for the API, scoped to the organization (cached per run)."""
        if self._token is None:
            parts = urlsplit(self.settings.domain if "://" in self.settings.domain
                             else f"https://{self.settings.domain}")
            auth = GetToken(parts.netloc, self.settings.client_id, self.settings.client_secret,
                            protocol=parts.scheme)
            try:
                answer = auth.client_credentials(self.settings.audience,
                                                 organization=self.settings.organization)
            except Auth0Error as error:
                raise SyncError(f"the tenant refused a token for {self.settings.organization}: "
                                f"{error.error_code}: {error.message}") from None
            self._token = answer["access_token"]
        return self._token

    def org_id(self) -> str:
        """The organization id the tenant put in our token; it addresses the API's URLs
        (the API verifies the token and compares this claim itself)."""
        payload = self.token().split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return claims["org_id"]

    def book(self, destination: str, travellers: int) -> dict:
        return self._call("POST", {"destination": destination, "travellers": travellers})

    def bookings(self) -> list[dict]:
        return self._call("GET")["bookings"]

    def _call(self, method: str, body: dict | None = None) -> dict:
        url = f"{self.settings.api_url.rstrip('/')}/api/orgs/{self.org_id()}/bookings"
        response = self.http.request(method, url, json=body,
                                     headers={"Authorization": f"Bearer {self.token()}"})
        if response.status_code >= 400:
            try:
                error = response.json()
            except ValueError:
                error = {"error": response.text[:200]}
            raise SyncError(f"the API answered {response.status_code}: "
                            f"{error.get('error')}: {error.get('error_description', '')}")
        return response.json()


def local_credentials(domain: str) -> tuple[str, str]:
    """A local mock tenant lists its clients' credentials on its test-control plane; a real
    tenant has no such page, so there the variables are needed."""
    try:
        listed = httpx.get(f"{domain.rstrip('/')}/_cookbook/clients", timeout=5)
        found = next(c for c in listed.json() if c["name"] == CLIENT_NAME)
    except (httpx.HTTPError, ValueError, StopIteration, TypeError, KeyError):
        raise SyncError("set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET to the credentials of "
                        f"the {CLIENT_NAME!r} application") from None
    return found["client_id"], found["client_secret"]


def parse_args(argv: list[str], environ=None) -> tuple[Settings, argparse.Namespace]:
    """Options, then ``AUTH0_*``/``API_URL`` variables, then the local demo stack."""
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(prog="python -m apps.partner_sync", description=__doc__)
    parser.add_argument("--domain", default=environ.get("AUTH0_DOMAIN", "http://127.0.0.1:4000"))
    parser.add_argument("--api", default=environ.get("API_URL", "http://localhost:5100"))
    parser.add_argument("--organization", default=environ.get("ORGANIZATION", "sunrise-travel"))
    parser.add_argument("--audience", default=environ.get("AUTH0_AUDIENCE", AUDIENCE))
    parser.add_argument("--destination", default="Lisbon")
    parser.add_argument("--travellers", type=int, default=2)
    args = parser.parse_args(argv)
    client_id, secret = environ.get("AUTH0_CLIENT_ID"), environ.get("AUTH0_CLIENT_SECRET")
    if not (client_id and secret):
        client_id, secret = local_credentials(args.domain)
    settings = Settings(args.domain, client_id, secret, args.api, args.organization,
                        args.audience)
    return settings, args


def main(argv: list[str]) -> int:
    """Book one trip, print it and the organization's bookings as JSON; 1 on a refusal."""
    try:
        settings, args = parse_args(argv)
        sync = BookingSync(settings)
        booking = sync.book(args.destination, args.travellers)
        listed = sync.bookings()
    except (SyncError, httpx.HTTPError) as error:
        print(f"partner sync: {error}", file=sys.stderr)
        return 1
    print(json.dumps({"booked": booking, "organization_bookings": len(listed)}))
    return 0
