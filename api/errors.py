"""One JSON error shape for every failure: ``{"error": ..., "error_description": ...}``."""

from __future__ import annotations

import logging

from flask import jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

REALM = "api"

# Auth0-style snake_case codes for the HTTP errors Flask raises itself.
_HTTP_CODES = {
    400: "invalid_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


class ApiError(Exception):
    """An error the API answers on purpose, with its status, code and optional headers."""

    def __init__(self, status: int, error: str, description: str, headers: dict | None = None):
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description
        self.headers = headers or {}


def bearer_challenge(error: str | None = None, description: str | None = None,
                     scope: str | None = None) -> str:
    """A ``WWW-Authenticate`` value per RFC 6750 §3; values never contain quotes."""
    params = [f'realm="{REALM}"']
    if error:
        params.append(f'error="{error}"')
    if description:
        params.append(f'error_description="{_quotable(description)}"')
    if scope:
        params.append(f'scope="{_quotable(scope)}"')
    return "Bearer " + ", ".join(params)


def _quotable(text: str) -> str:
    # RFC 6750 limits these values to printable ASCII without '"' and '\'.
    return "".join(c for c in text if 0x20 <= ord(c) < 0x7F and c not in '"\\')


def error_response(status: int, error: str, description: str, headers: dict | None = None):
    """The JSON body and status every error path returns."""
    response = jsonify(error=error, error_description=description)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _api_error(exc: ApiError):
    return error_response(exc.status, exc.error, exc.description, exc.headers)


def _http_error(exc: HTTPException):
    code = exc.code or 500
    error = _HTTP_CODES.get(code, "server_error" if code >= 500 else "invalid_request")
    headers = {}
    if code == 405 and exc.valid_methods:
        headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return error_response(code, error, exc.description or exc.name, headers)


def _unexpected(exc: Exception):
    log.exception("unhandled error: %s", type(exc).__name__)
    return error_response(500, "server_error", "The server could not complete the request")


def init_app(app) -> None:
    """Answer every error, including Flask's own 404/405/413, in the Auth0 JSON shape."""
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
