"""The app's back end talking to the tenant's Management API v2 through auth0-python.

One :class:`ManagementApi` per app in ``app.extensions["cookbook_management"]``: an M2M token
from ``client_credentials`` (the app's management client, audience ``<MGMT base>/api/v2/``),
cached until shortly before it expires, and the official ``auth0.management.Auth0`` client for
the calls. The token and the client secret never leave the server and are never logged.
Failures become typed exceptions that end as clear pages: unreachable or nonsense answers are
a 502, a busy tenant a 503, a user that no longer exists a 404 (see :func:`init_app`).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from auth0.management import Auth0
from auth0.management.core.api_error import ApiError
from auth0.management.core.parse_error import ParsingError
from flask import current_app

from .config import auth0_base_url
from .errors import UpstreamError, error_response

log = logging.getLogger(__name__)

EXTENSION_KEY = "cookbook_management"
SERVICE = "account service"
EXPIRY_MARGIN = 60  # seconds: fetch a new token when the cached one expires within this
MAX_LISTED = 1000  # offset paging stops here at Auth0


class ManagementRefused(Exception):
    """The Management API refused the call (4xx); ``message`` is Auth0's explanation."""

    def __init__(self, status: int, message: str, error_code: str = ""):
        super().__init__(f"HTTP {status} {error_code}: {message}")
        self.status = status
        self.message = message
        self.error_code = error_code


class ManagementApi:
    """Management API access with this app's M2M credentials (thread-safe token cache)."""

    def __init__(self, base_url: str, client_id: str, client_secret: str, timeout: float):
        self.api_url = base_url + "/api/v2"
        self.audience = self.api_url + "/"
        self._token_url = base_url + "/oauth/token"
        self._client_id = client_id
        self._client_secret = client_secret
        self._http = httpx.Client(timeout=timeout)
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0
        self.clock = time.time  # replaceable, so tests can move time without waiting
        # No retries: a person is waiting, and the SDK's retries sleep (up to a minute on 429).
        self.sdk = Auth0(base_url=self.api_url, token=self.access_token, max_retries=0,
                         httpx_client=self._http)

    # -- the M2M token ---------------------------------------------------------------------

    def access_token(self) -> str:
        """The cached token, or a new one when it is missing or about to expire."""
        with self._lock:
            if self._token is None or self.clock() >= self._renew_at:
                self._token, self._renew_at = self._fetch_token()
            return self._token

    def forget_token(self) -> None:
        with self._lock:
            self._token = None

    def _fetch_token(self) -> tuple[str, float]:
        data = {"grant_type": "client_credentials", "client_id": self._client_id,
                "client_secret": self._client_secret, "audience": self.audience}
        try:
            response = self._http.post(self._token_url, data=data,
                                       headers={"Accept": "application/json"})
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise UpstreamError(SERVICE, f"token request failed: {type(exc).__name__}") from exc
        token = body.get("access_token") if isinstance(body, dict) else None
        if response.status_code != 200 or not isinstance(token, str):
            error = body.get("error", "") if isinstance(body, dict) else ""
            raise UpstreamError(SERVICE, f"token request refused: HTTP {response.status_code} "
                                         f"{error}".strip())
        lifetime = _seconds(body.get("expires_in"))
        log.info("Management API token obtained (expires in %ss)", int(lifetime))
        return token, self.clock() + lifetime - min(EXPIRY_MARGIN, lifetime / 2)

    # -- calls -------------------------------------------------------------------------------

    def call(self, operation: Callable[[Auth0], object]):
        """Run ``operation(sdk)``; after a 401 (token revoked early) once more with a new token."""
        for attempt in (1, 2):
            try:
                return operation(self.sdk)
            except ApiError as exc:
                if exc.status_code == 401 and attempt == 1:
                    self.forget_token()
                    continue
                raise _translate(exc) from exc
            except (httpx.HTTPError, ParsingError, ValueError) as exc:
                raise UpstreamError(SERVICE, type(exc).__name__) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def get_user(self, user_id: str) -> dict:
        """``GET /api/v2/users/{id}`` as a plain dict (dates as Auth0's ISO strings)."""
        return plain(self.call(lambda sdk: sdk.users.get(user_id)).dict())

    def update_user_metadata(self, user_id: str, metadata: dict) -> dict:
        """``PATCH /api/v2/users/{id}`` with ``{"user_metadata": metadata}`` only: Auth0 merges
        the top-level keys and deletes those set to ``None``."""
        return plain(self.call(
            lambda sdk: sdk.users.update(user_id, user_metadata=metadata)).dict())

    def send_verification_email(self, user_id: str, client_id: str) -> dict:
        """``POST /api/v2/jobs/verification-email``; the link returns to ``client_id``'s app."""
        return plain(self.call(lambda sdk: sdk.jobs.verification_email.create(
            user_id=user_id, client_id=client_id)).dict())

    def user_organizations(self, user_id: str) -> list[dict]:
        """``GET /api/v2/users/{id}/organizations``: the user's organizations (at most 1000,
        Auth0's limit for offset paging)."""
        pager = self.call(lambda sdk: sdk.users.organizations.list(user_id, per_page=100))
        orgs = self.call(lambda _sdk: list(itertools.islice(pager, MAX_LISTED)))
        return [plain(org.dict()) for org in orgs]

    def get_organization(self, org_id: str) -> dict:
        """``GET /api/v2/organizations/{id}``: name, display name, branding, metadata."""
        return plain(self.call(lambda sdk: sdk.organizations.get(org_id)).dict())

    def member_role_names(self, org_id: str, user_id: str) -> list[str]:
        """``GET /api/v2/organizations/{id}/members/{user_id}/roles``: the member's organization
        roles now (not as of their login); none for someone who is no longer a member."""
        def names(sdk) -> list[str]:
            pager = sdk.organizations.members.roles.list(org_id, user_id, per_page=100)
            return [role.name for role in itertools.islice(pager, MAX_LISTED)]
        try:
            return self.call(names)
        except ManagementRefused as exc:
            if exc.status == 404:
                return []
            raise

    def grant_member_role(self, org_id: str, user_id: str, role_name: str) -> bool:
        """Give a member the tenant role named ``role_name`` within the organization
        (``POST /api/v2/organizations/{id}/members/{user_id}/roles``); False when no role
        has that name."""
        def grant(sdk) -> bool:
            pager = sdk.roles.list(name_filter=role_name, per_page=50)
            ids = [role.id for role in itertools.islice(pager, MAX_LISTED)
                   if role.name == role_name]
            if ids:
                sdk.organizations.members.roles.assign(org_id, user_id, roles=ids[:1])
            return bool(ids)
        return self.call(grant)

    def replace_organization_metadata(self, org_id: str, metadata: dict) -> dict:
        """``PATCH /api/v2/organizations/{id}`` with ``{"metadata": metadata}`` only. Unlike a
        user's metadata, Auth0 *replaces* an organization's metadata with what is sent: pass
        every key to keep, not just the changed ones (see :func:`merged_metadata`)."""
        return plain(self.call(
            lambda sdk: sdk.organizations.update(org_id, metadata=metadata)).dict())

    def dispose(self) -> None:
        """Close the HTTP connections (the app is shutting down)."""
        self._http.close()


def management() -> ManagementApi:
    """This app's Management API client."""
    return current_app.extensions[EXTENSION_KEY]


def plain(value):
    """SDK dicts to JSON-like values: datetimes become ``2026-01-02T03:04:05.678Z``."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        stamp = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return value


def _seconds(value) -> float:
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return 0.0


def _translate(exc: ApiError) -> Exception:
    """Auth0's error body to :class:`ManagementRefused` (the user's business) or an upstream
    failure (ours: a 5xx, or a 401/403 that means the app's grant is wrong)."""
    body = exc.body if isinstance(exc.body, dict) else {}
    status = exc.status_code or 0
    code = str(body.get("errorCode") or body.get("error") or "")
    if status in (400, 404, 409, 429):
        return ManagementRefused(status, str(body.get("message") or code or "refused"), code)
    return UpstreamError(SERVICE, f"HTTP {status} {code}".strip())


def _refused(exc: ManagementRefused):
    if exc.status == 404:
        return error_response(
            404, "Account not found",
            "The identity provider has no account with your user id any more. "
            "Log out and log in again.", error="inexistent_user")
    if exc.status == 429:
        return error_response(
            503, "Account service busy",
            "The account service is handling too many requests. Try again in a moment.",
            error="too_many_requests")
    log.warning("Management API refused a request: %s", exc)
    return error_response(502, f"{SERVICE.capitalize()} refused the request",
                          f"The account service refused this request: {exc.message}",
                          error="upstream_refused")


def init_app(app) -> None:
    """Give ``app`` its Management API client from ``MGMT_DOMAIN`` (default: ``AUTH0_DOMAIN``),
    ``MGMT_CLIENT_ID``, ``MGMT_CLIENT_SECRET`` and ``MGMT_TIMEOUT``."""
    config = app.config
    base = auth0_base_url(config.get("MGMT_DOMAIN") or config["AUTH0_DOMAIN"])
    app.extensions[EXTENSION_KEY] = ManagementApi(
        base, config["MGMT_CLIENT_ID"], config["MGMT_CLIENT_SECRET"], config["MGMT_TIMEOUT"])
    app.register_error_handler(ManagementRefused, _refused)
