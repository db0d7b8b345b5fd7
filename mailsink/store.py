"""Received messages in SQLite: the raw bytes as delivered, plus what listing and filtering need.

The SMTP thread writes and the HTTP threads read through one engine; each call opens its
own connection, so no state is shared between threads but the engine's pool.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)

from .parse import parse_message

metadata = MetaData()
messages = Table(
    "messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", Float, nullable=False),
    Column("envelope_from", String(320)),
    Column("envelope_to", JSON, nullable=False),
    Column("auth_user", String(320)),
    Column("subject", Text),
    Column("template", String(64), index=True),
    Column("raw", LargeBinary, nullable=False),
)
recipients = Table(
    "recipients", metadata,
    Column("message_id", ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True),
    Column("address", String(320), primary_key=True, index=True),
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
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    metadata.create_all(engine)
    return engine


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, tz=UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


class Store:
    """The sink's mailbox: save what SMTP delivered, list, read, clear."""

    def __init__(self, url: str, max_messages: int):
        self.engine = _engine(url)
        self.max_messages = max_messages

    def save(self, raw: bytes, envelope_from: str | None, envelope_to: list[str],
             auth_user: str | None = None) -> int:
        parsed = parse_message(raw)
        addresses = {a.strip().lower() for a in [*envelope_to, *parsed.to] if a and a.strip()}
        with self.engine.begin() as db:
            message_id = db.execute(insert(messages).values(
                received_at=time.time(), envelope_from=envelope_from,
                envelope_to=list(envelope_to), auth_user=auth_user, subject=parsed.subject,
                template=parsed.template, raw=raw)).inserted_primary_key[0]
            for address in sorted(addresses):
                db.execute(insert(recipients).values(message_id=message_id, address=address))
            self._trim(db)
        return message_id

    def _trim(self, db) -> None:
        count = db.scalar(select(func.count()).select_from(messages))
        if count > self.max_messages:
            oldest = select(messages.c.id).order_by(messages.c.id).limit(count - self.max_messages)
            db.execute(delete(messages).where(messages.c.id.in_(oldest)))

    def list(self, to: str | None = None, template: str | None = None,
             limit: int = 50) -> list[dict]:
        """Newest first, with the parsed parts (no raw headers)."""
        query = select(messages).order_by(messages.c.id.desc()).limit(limit)
        if to:
            query = query.where(messages.c.id.in_(select(recipients.c.message_id).where(
                recipients.c.address == to.strip().lower())))
        if template:
            query = query.where(messages.c.template == template)
        with self.engine.connect() as db:
            return [self._json(row, full=False) for row in db.execute(query)]

    def get(self, message_id: int) -> dict | None:
        with self.engine.connect() as db:
            row = db.execute(select(messages).where(messages.c.id == message_id)).first()
        return self._json(row, full=True) if row is not None else None

    def raw(self, message_id: int) -> bytes | None:
        with self.engine.connect() as db:
            return db.scalar(select(messages.c.raw).where(messages.c.id == message_id))

    def clear(self, to: str | None = None) -> int:
        query = delete(messages)
        if to:
            query = query.where(messages.c.id.in_(select(recipients.c.message_id).where(
                recipients.c.address == to.strip().lower())))
        with self.engine.begin() as db:
            return db.execute(query).rowcount

    @staticmethod
    def _json(row, full: bool) -> dict:
        parsed = parse_message(row.raw)
        data = {"id": row.id, "received_at": _iso(row.received_at), "from": parsed.sender,
                "to": parsed.to, "subject": parsed.subject, "template": row.template,
                "text": parsed.text, "html": parsed.html, "links": parsed.links}
        if full:
            data["headers"] = [{"name": name, "value": value} for name, value in parsed.headers]
            data["envelope"] = {"from": row.envelope_from, "to": row.envelope_to}
            data["auth_user"] = row.auth_user
            data["size"] = len(row.raw)
        return data

    def dispose(self) -> None:
        self.engine.dispose()
