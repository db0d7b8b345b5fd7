"""Log streams: the tenant's ``logStreams`` (tenant files and ``/api/v2/log-streams``)
delivered to webhooks by a background worker (``worker.py``).

``init_app`` deploys the streams of the tenant files and puts the worker in
``app.extensions["mock_idp.log_streams"]``; ``mock_idp.logs.write`` wakes it.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, func, select

from ..models import LogEvent, LogStream
from .worker import DeliveryWorker


def init_app(app) -> None:
    worker = DeliveryWorker(app)
    app.extensions["mock_idp.log_streams"] = worker
    app.extensions.setdefault("mock_idp.on_dispose", []).append(worker.stop)
    spec = app.extensions["mock_idp.tenant"]
    with app.extensions["mock_idp.db"]() as db:
        deploy(db, spec.section("logStreams"), app.extensions["mock_idp.clock"].now())
    worker.refresh()


def stream_id(name: str) -> str:
    """Stable per name, as the tenant's other objects (``tenant.seed.stable_id``)."""
    return "lst_" + hashlib.sha256(f"log-stream\x00{name}".encode()).hexdigest()[:16]


def newest_seq(db) -> int:
    return db.scalar(select(func.max(LogEvent.seq))) or 0


def deploy(db, items: list[dict], now: int) -> None:
    """Bring the streams in line with the files; a kept stream keeps its place in the log."""
    keep = []
    for item in items:
        ident = stream_id(item["name"])
        keep.append(ident)
        row = db.get(LogStream, ident)
        if row is None:
            row = LogStream(id=ident, cursor=newest_seq(db), failures=0, delivered=0,
                            created_at=now)
            db.add(row)
        row.name, row.type = item["name"], item.get("type", "http")
        row.status = item.get("status") or "active"
        row.sink, row.filters = dict(item["sink"]), list(item.get("filters") or [])
        row.is_priority = bool(item.get("isPriority", False))
        if row.status == "active":
            row.failures = 0
    db.execute(delete(LogStream).where(LogStream.id.not_in(keep)))
    db.commit()
