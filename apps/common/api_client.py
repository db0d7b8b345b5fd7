"""Calls to the Travel0 API with the signed-in user's access token (one refresh-and-retry on
401), for every app that has one; failures become typed exceptions the pages explain."""

from __future__ import annotations

import requests
from flask import current_app

from .errors import UpstreamError
from .tokens import get_access_token, refresh_access_token

SERVICE = "orders API"


class ApiDenied(Exception):
    """The API refused the call (403); ``error`` is its error code, e.g. insufficient_scope."""

    def __init__(self, method: str, error: str, description: str = ""):
        super().__init__(error)
        self.method = method
        self.error = error
        self.description = description


class ApiRejected(Exception):
    """The API refused the input (4xx other than 401/403) and said why."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def call_api(method: str, path: str, json: dict | None = None, service: str = SERVICE):
    """Return the decoded JSON body of a successful call; raise a typed error otherwise.
    ``service`` names the API in error pages."""
    response = _send(method, path, get_access_token(), json, service)
    if response.status_code == 401:
        response = _send(method, path, refresh_access_token(), json, service)
        if response.status_code == 401:
            # Not a login problem (the token is brand new): re-login would loop.
            raise UpstreamError(service, "the API rejected a freshly refreshed access token")
    if response.status_code == 403:
        body = _error_body(response)
        raise ApiDenied(method, body.get("error") or _www_authenticate_error(response),
                        body.get("error_description", ""))
    if 400 <= response.status_code < 500:
        body = _error_body(response)
        raise ApiRejected(response.status_code,
                          body.get("error_description") or body.get("error") or "bad request")
    if not 200 <= response.status_code < 300:
        raise UpstreamError(service, f"HTTP {response.status_code}")
    if response.status_code == 204:
        return None
    try:
        return response.json()
    except ValueError as exc:
        raise UpstreamError(service, "the answer was not JSON") from exc


def _send(method: str, path: str, token: str, json: dict | None, service: str):
    url = current_app.config["API_URL"].rstrip("/") + path
    try:
        return requests.request(method, url, json=json, timeout=current_app.config["API_TIMEOUT"],
                                headers={"Authorization": f"Bearer {token}",
                                         "Accept": "application/json"})
    except requests.RequestException as exc:
        raise UpstreamError(service, type(exc).__name__) from exc


def _error_body(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _www_authenticate_error(response) -> str:
    header = response.headers.get("WWW-Authenticate", "")
    return "insufficient_scope" if "insufficient_scope" in header else "access_denied"
