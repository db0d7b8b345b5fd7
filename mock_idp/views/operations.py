"""The operations page on the test-control plane (``/_cookbook/operations``): the mock's
stand-in for the Dashboard's Monitoring views.

It lists the log streams with their status and delivery health, the recent operator
notices (``mock_idp.notices``) and the Actions failing repeatedly. Registered only with the
control plane, like the outbox; read-only: a stream is resumed through the Management API.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from flask import Blueprint, current_app, render_template
from sqlalchemy import select

from .. import notices
from ..db import get_db
from ..models import LogEvent, LogStream

bp = Blueprint("operations", __name__, url_prefix="/_cookbook")
PAGE_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; "
               "frame-ancestors 'none'")
REPEATED = 3  # failures of one Action within a day that make it "failing repeatedly"


@bp.get("/operations")
def operations():
    notices.check_signing_key()  # an operator looking is a good moment to check
    db = get_db()
    streams = db.scalars(select(LogStream).order_by(LogStream.created_at, LogStream.name)).all()
    recent = [row.data for row in db.scalars(
        select(LogEvent).where(LogEvent.type.in_(notices.TYPES))
        .order_by(LogEvent.seq.desc()).limit(50))]
    response = current_app.make_response(render_template(
        "operations.html", streams=streams, notices=recent, failing=_failing_actions(),
        repeated=REPEATED))
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _failing_actions() -> list[tuple[str, int]]:
    """Actions with at least ``REPEATED`` failed executions in the last 24 hours."""
    since = datetime.fromtimestamp(current_app.extensions["mock_idp.clock"].time() - 86400,
                                   tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    rows = get_db().scalars(select(LogEvent).where(
        LogEvent.type == "actions_execution_failed", LogEvent.date >= since))
    counts = Counter((row.data.get("details") or {}).get("action_name", "?") for row in rows)
    return [(name, count) for name, count in counts.most_common() if count >= REPEATED]
