"""Errors a tenant shows: an HTML error page or Auth0-shaped JSON, never a stack trace.

An error the tenant cannot send back to the application (``PageError``: no verified
redirect URI, an unknown client, an expired login) gets a ``tracking`` id that is also written
to the tenant log. With ``tenant.error_page.url`` set the browser is sent there with
``error``, ``error_description`` and ``tracking`` (plus ``client_id`` and ``lang``), as
Auth0 does; otherwise the tenant shows its branded error page with the tracking id. The
URL comes only from the tenant files, so no request can choose where the browser goes.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import current_app, jsonify, redirect, request
from werkzeug.exceptions import HTTPException

from . import logs
from .branding import page_locale, render_page
from .db import get_db
from .models import Client

JSON_PREFIXES = ("/oauth/", "/userinfo", "/api/", "/dbconnections/", "/_cookbook/", "/.well-known/")
LOGOUT_PATHS = ("/v2/logout", "/oidc/logout")


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


def error_response(error: str, description: str, status: int, *, tracked: bool = False):
    """JSON for programs; for browsers the error page, or the tenant's ``error_page.url``
    when the error is ``tracked`` (logged with a tracking id the page or URL carries)."""
    if wants_json():
        response = jsonify(error=error, error_description=description)
        response.status_code = status
        return response
    tracking = _track(error, description) if tracked else None
    url = current_app.extensions["mock_idp.tenant"].branding.error_page_url
    asked = {"ui_locales": request.values.get("ui_locales", "")[:100]}  # e.g. on /authorize
    if tracking and url:
        return redirect(_error_page_url(url, error, description, tracking, page_locale(asked)))
    settings = current_app.extensions["mock_idp.tenant"].data.get("tenant") or {}
    return render_page("error.html", "common", "error", status=status, params=asked, error=error,
                       description=description, tracking=tracking,
                       support_email=settings.get("support_email", ""))


def _track(error: str, description: str) -> str | None:
    """Write the failure to the tenant log; its tracking id, or None if logging failed."""
    tracking = secrets.token_hex(8)
    kind = "flo" if request.path.startswith(LOGOUT_PATHS) else "f"
    try:
        logs.write(kind, description=description, client=_known_client(),
                   details={"error": error, "error_description": description,
                            "tracking": tracking, "path": request.path})
    except Exception:  # an error page must not fail because the log store did
        current_app.logger.exception("could not log error %s (tracking %s)", error, tracking)
        return None
    return tracking


def _known_client():
    """The client the request named, only if it exists (never echo an unknown id)."""
    client_id = request.values.get("client_id")
    if not client_id or len(client_id) > 64:
        return None
    return get_db().get(Client, client_id)


def _error_page_url(url: str, error: str, description: str, tracking: str, lang: str) -> str:
    """``url`` with Auth0's error parameters added to whatever query it already has."""
    client = _known_client()
    params = {"client_id": client.client_id} if client is not None else {}
    params.update(lang=lang, error=error, error_description=description, tracking=tracking)
    parts = urlsplit(url)
    query = "&".join(filter(None, (parts.query, urlencode(params))))
    return urlunsplit(parts._replace(query=query, fragment=""))


def _page_error(exc: PageError):
    return error_response(exc.error, exc.description, exc.status, tracked=True)


def _http_error(exc: HTTPException):
    codes = {400: "invalid_request", 401: "unauthorized", 403: "access_denied", 404: "not_found",
             405: "method_not_allowed", 413: "request_too_large", 429: "too_many_requests"}
    return error_response(codes.get(exc.code, "server_error"), exc.description, exc.code or 500)


def _unexpected(exc: Exception):
    current_app.logger.exception("unhandled error on %s", request.path)
    return error_response("server_error", "Something went wrong on the tenant.", 500,
                          tracked=True)


def init_app(app) -> None:
    app.register_error_handler(PageError, _page_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
