"""Management API errors in Auth0's shape: ``{statusCode, error, message, errorCode}``."""

from __future__ import annotations

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.http import HTTP_STATUS_CODES


class ApiError(Exception):
    """An answer other than success; raised anywhere below a Management API view."""

    def __init__(self, status: int, message: str, error_code: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code
        self.headers = headers or {}


def bad_body(message: str) -> ApiError:
    return ApiError(400, f"Payload validation error: {message}", "invalid_body")


def bad_query(message: str) -> ApiError:
    return ApiError(400, f"Query validation error: {message}", "invalid_query_string")


def not_found(message: str, error_code: str) -> ApiError:
    return ApiError(404, message, error_code)


def conflict(message: str, error_code: str) -> ApiError:
    return ApiError(409, message, error_code)


def respond(status: int, message: str, error_code: str | None = None, headers: dict | None = None):
    body = {"statusCode": status, "error": HTTP_STATUS_CODES.get(status, "Error"),
            "message": message}
    if error_code:
        body["errorCode"] = error_code
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _api_error(exc: ApiError):
    return respond(exc.status, exc.message, exc.error_code, exc.headers)


def _http_error(exc: HTTPException):
    if isinstance(exc, RequestEntityTooLarge):
        return respond(400, "Payload validation error: 'Request body is larger than "
                       f"{request.max_content_length} bytes'.", "invalid_body")
    status = exc.code or 500
    return respond(status, HTTP_STATUS_CODES.get(status, "Error"))


def _unexpected(exc: Exception):
    current_app.logger.exception("Management API error on %s %s", request.method, request.path)
    return respond(500, "Internal Server Error")


def register(bp) -> None:
    """Answer every error under the blueprint (and its children) in Auth0's shape."""
    bp.register_error_handler(ApiError, _api_error)
    bp.register_error_handler(HTTPException, _http_error)
    bp.register_error_handler(Exception, _unexpected)
