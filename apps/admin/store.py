"""The console's own database (SQLAlchemy 2): provisioning records and the audit log.

The audit log is append-only where it is kept, not only in the code that writes it: on
SQLite two triggers abort any ``UPDATE`` or ``DELETE`` of its rows, so neither a bug in the
console nor someone with the console's database connection can rewrite history through SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import JSON, Integer, String, Text, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

EXTENSION_KEY = "admin.db"
APPEND_ONLY = "the audit log is append-only"
AUDIT_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    for verb in ("UPDATE", "DELETE"))


class Base(DeclarativeBase):
    pass


class AuditEntry(Base):
    """One operator action, allowed or refused, as it happened."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(32), index=True)
    operator_id: Mapped[str] = mapped_column(String(200))
    operator_email: Mapped[str] = mapped_column(String(320), default="")
    roles: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(300), default="")
    outcome: Mapped[str] = mapped_column(String(16))  # allowed | refused | failed
    detail: Mapped[str] = mapped_column(Text, default="")


class Provisioning(Base):
    """One organization being provisioned: what was asked and how far each step got."""

    __tablename__ = "provisioning"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    org_name: Mapped[str] = mapped_column(String(50), unique=True)
    spec: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))  # pending | running | failed | completed
    org_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    steps: Mapped[dict] = mapped_column(JSON, default=dict)
    last_error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class Store:
    """Engine and session factory of one console."""

    def __init__(self, url: str):
        _ensure_sqlite_dir(url)
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        if self.engine.dialect.name == "sqlite":
            with self.engine.begin() as connection:
                for statement in AUDIT_TRIGGERS:
                    connection.execute(text(statement))
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()


def store() -> Store:
    return current_app.extensions[EXTENSION_KEY]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 5000")  # several threads of one worker share the file
    cursor.close()


def _ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def init_app(app) -> None:
    """The console's tables live in ``DATABASE_URL`` beside its web sessions."""
    app.extensions[EXTENSION_KEY] = Store(app.config["DATABASE_URL"])
