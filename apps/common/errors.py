"""One error shape for people and programs: an HTML page, or Auth0-style JSON when asked for.

Bad input and failing collaborators end here as clear 4xx/502 responses, never as a 500.
"""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class UpstreamError(Exception):
    """A collaborator (identity provider, API) is unreachable or answered nonsense."""

    def __init__(self, service: str, detail: str = ""):
        super().__init__(f"{service}: {detail}")
        self.service = service
        self.detail = detail


def wants_json() -> bool:
    """JSON only when the client prefers it over HTML (browsers and bare clients get HTML)."""
    accept = request.accept_mimetypes
    return accept["application/json"] > accept["text/html"]


def error_response(status: int, title: str, message: str, error: str | None = None,
                   template: str = "common/error.html", **context):
    """Render the error page (or JSON ``{"error", "error_description"}``) with ``status``."""
    error = error or _default_code(status)
    if wants_json():
        return jsonify(error=error, error_description=message), status
    page = render_template(template, status=status, title=title, message=message,
                           error_code=error, **context)
    return page, status


def _default_code(status: int) -> str:
    return {400: "invalid_request", 401: "unauthorized", 403: "access_denied",
            404: "not_found", 405: "method_not_allowed", 502: "bad_gateway"}.get(status,
                                                                                "server_error")


def _http_error(exc: HTTPException):
    return error_response(exc.code or 500, exc.name, exc.description or exc.name)


def _upstream_error(exc: UpstreamError):
    log.warning("upstream failure: %s", exc)
    return error_response(
        502, f"{exc.service} unavailable",
        f"The {exc.service} could not be reached or gave an unusable answer. "
        "Please try again in a moment.",
        error="upstream_unavailable")


def _unexpected_error(exc: Exception):
    log.exception("unhandled error")
    return error_response(500, "Something went wrong",
                          "An unexpected error happened. It has been logged.")


def init_app(app) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(UpstreamError, _upstream_error)
    app.register_error_handler(Exception, _unexpected_error)
