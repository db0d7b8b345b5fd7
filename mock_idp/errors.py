"""Errors a tenant shows: an HTML error page or Auth0-shaped JSON, never a stack trace."""

from __future__ import annotations

import secrets

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

JSON_PREFIXES = ("/oauth/", "/userinfo", "/api/", "/dbconnections/", "/_cookbook/", "/.well-known/")


class PageError(Exception):
    """An error the tenant cannot send back to the app (no verified redirect URI)."""

    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


def wants_json() -> bool:
    if request.path.startswith(JSON_PREFIXES):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(error: str, description: str, status: int):
    tracking = secrets.token_hex(8)
    if wants_json():
        response = jsonify(error=error, error_description=description)
    else:
        response = current_app.make_response(
            render_template("error.html", error=error, description=description, tracking=tracking))
    response.status_code = status
    return response


def _page_error(exc: PageError):
    return error_response(exc.error, exc.description, exc.status)


def _http_error(exc: HTTPException):
    codes = {400: "invalid_request", 401: "unauthorized", 403: "access_denied", 404: "not_found",
             405: "method_not_allowed", 413: "request_too_large", 429: "too_many_requests"}
    return error_response(codes.get(exc.code, "server_error"), exc.description, exc.code or 500)


def _unexpected(exc: Exception):
    current_app.logger.exception("unhandled error on %s", request.path)
    return error_response("server_error", "Something went wrong on the tenant.", 500)


def init_app(app) -> None:
    app.register_error_handler(PageError, _page_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
