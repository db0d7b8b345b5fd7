"""The outbox on the test-control plane: what the tenant sent, as JSON for tests
(``/_cookbook/outbox``) and as pages for people (``/_cookbook/mail``).

Registered only with the control plane. The mail is read from the mail sink over HTTP (or
from the in-database outbox); an email's HTML is shown in a sandboxed iframe without scripts,
its links opening in the top window.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from ..emails.mailbox import MailboxUnavailable

bp = Blueprint("outbox", __name__, url_prefix="/_cookbook")
PAGE_POLICY = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data: "
               "http: https:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'")
HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)


@bp.app_template_filter("utc")
def utc(stamp) -> str:
    """Epoch seconds as ``YYYY-MM-DD HH:MM:SSZ`` (also a valid ``<time datetime>``)."""
    return datetime.fromtimestamp(int(stamp or 0), tz=UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _mailbox():
    return current_app.extensions["mock_idp.mailbox"]


def _filters() -> dict:
    return {"to": (request.args.get("to") or "").strip() or None,
            "template": (request.args.get("template") or "").strip() or None,
            "take": max(1, min(request.args.get("take", 100, type=int), 500))}


@bp.get("/outbox")
def outbox():
    """Mail the tenant sent (newest first), optionally only to one address or template."""
    try:
        return jsonify(_mailbox().messages(**_filters()))
    except MailboxUnavailable as exc:
        return jsonify(error="mailbox_unavailable", error_description=str(exc)), 503


@bp.get("/mail")
def mail_list():
    filters = _filters()
    try:
        messages, problem = _mailbox().messages(**filters), None
    except MailboxUnavailable as exc:
        messages, problem = [], str(exc)
    return _page("outbox.html", messages=messages, filters=filters, problem=problem)


@bp.get("/mail/<int:message_id>")
def mail_message(message_id: int):
    try:
        message = _mailbox().message(message_id)
    except MailboxUnavailable as exc:
        return _page("outbox.html", messages=[], filters=_filters(), problem=str(exc), status=503)
    if message is None:
        abort(404)
    return _page("outbox_message.html", message=message, srcdoc=_framed(message.get("html")))


def _framed(html: str | None) -> str | None:
    """The email as the iframe's document: links open in the top window, not the frame."""
    if not html:
        return None
    base = '<base target="_top">'
    match = HEAD.search(html)
    return html[:match.end()] + base + html[match.end():] if match else base + html


def _page(template: str, status: int = 200, **context):
    response = current_app.make_response((render_template(
        template, mailbox_url=getattr(_mailbox(), "base_url", None), **context), status))
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
