"""Error answers: JSON under /api, a plain page elsewhere; never a stack trace."""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def handle(exc: Exception):
    if not isinstance(exc, HTTPException):
        log.exception("unhandled error on %s", request.path)
        exc = InternalServerError()
    if request.path.startswith("/api/"):
        response = jsonify(error=exc.name.lower().replace(" ", "_"),
                           error_description=exc.description)
    else:
        response = render_template("legacy/error.html", title=exc.name,
                                   description=exc.description)
    return response, exc.code


def init_app(app) -> None:
    app.register_error_handler(Exception, handle)
