"""Received batches in SQLite: when, from where, in which format, and the events."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)

metadata = MetaData()
batches = Table(
    "batches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", Float, nullable=False),
    Column("source_ip", String(64)),
    Column("content_type", String(200)),
    Column("format", String(16)),
    Column("count", Integer, nullable=False),
    Column("events", JSON, nullable=False),
)


def _engine(url: str):
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
    metadata.create_all(engine)
    return engine


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, tz=UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


class Store:
    """Save, list, flatten and clear received batches."""

    def __init__(self, url: str, max_batches: int):
        self.engine = _engine(url)
        self.max_batches = max_batches

    def save(self, events: list, source_ip: str | None, content_type: str | None,
             content_format: str) -> int:
        with self.engine.begin() as db:
            batch_id = db.execute(insert(batches).values(
                received_at=time.time(), source_ip=source_ip, content_type=content_type,
                format=content_format, count=len(events), events=events)).inserted_primary_key[0]
            count = db.scalar(select(func.count()).select_from(batches))
            if count > self.max_batches:
                oldest = select(batches.c.id).order_by(batches.c.id).limit(count - self.max_batches)
                db.execute(delete(batches).where(batches.c.id.in_(oldest)))
        return batch_id

    def list(self, limit: int = 50) -> list[dict]:
        """Newest batch first."""
        with self.engine.connect() as db:
            rows = db.execute(select(batches).order_by(batches.c.id.desc()).limit(limit))
            return [{"id": row.id, "received_at": _iso(row.received_at),
                     "source_ip": row.source_ip, "content_type": row.content_type,
                     "format": row.format, "count": row.count, "events": row.events}
                    for row in rows]

    def events(self, event_type: str | None = None, limit: int = 500) -> list[dict]:
        """Every received event, oldest first, optionally of one type (``data.type``)."""
        found = []
        with self.engine.connect() as db:
            for row in db.execute(select(batches.c.events).order_by(batches.c.id)):
                for item in row.events:
                    data = item.get("data") if isinstance(item, dict) else None
                    if event_type is None or (isinstance(data, dict)
                                              and data.get("type") == event_type):
                        found.append(item)
        return found[-limit:]

    def clear(self) -> int:
        with self.engine.begin() as db:
            return db.execute(delete(batches)).rowcount

    def dispose(self) -> None:
        self.engine.dispose()
