"""One SQLAlchemy engine per app; one ORM session per request, closed at teardown."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app, g
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.schema import CreateTable

from .models import Base

SCHEMA_TABLE = "mock_idp_schema"


def make_engine(url: str):
    """Create the engine, making the SQLite file's folder and enabling WAL for threads."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across crashes, fast
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def schema_fingerprint(engine) -> str:
    """A digest of the tables this code expects, to notice a database from older code."""
    ddl = "".join(str(CreateTable(table).compile(engine)) for table in Base.metadata.sorted_tables)
    return hashlib.sha256(ddl.encode()).hexdigest()[:16]


def _ensure_schema(engine, url: str, logger):
    """Create the tables; a database written by an older schema is set aside, not patched.

    The mock has no migrations: its state is a development tenant that the tenant files
    rebuild. An outdated SQLite file is renamed to ``*.bak-<fingerprint>`` and started afresh.
    """
    expected = schema_fingerprint(engine)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        found = None
        if SCHEMA_TABLE in tables:
            found = connection.execute(text(f"SELECT value FROM {SCHEMA_TABLE}")).scalar()
    if tables and found != expected:
        if not url.startswith("sqlite:///") or url.startswith("sqlite:///:memory:"):
            raise RuntimeError(f"{url} holds an older mock_idp schema; drop it and restart")
        engine.dispose()
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{path}{suffix}")
            if old.exists():
                old.rename(f"{old}.bak-{found or 'unknown'}")
        logger.warning("%s was written by an older mock_idp schema; kept as %s.bak-%s and "
                       "started a fresh tenant database", path, path, found or "unknown")
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (value TEXT)"))
        connection.execute(text(f"DELETE FROM {SCHEMA_TABLE}"))
        connection.execute(text(f"INSERT INTO {SCHEMA_TABLE} (value) VALUES (:v)"), {"v": expected})


def init_app(app) -> None:
    url = app.config["DATABASE_URL"]
    engine = make_engine(url)
    _ensure_schema(engine, url, app.logger)
    app.extensions["mock_idp.db"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close)


def get_db() -> Session:
    """The request's ORM session (created on first use)."""
    if "mock_idp_db" not in g:
        g.mock_idp_db = current_app.extensions["mock_idp.db"]()
    return g.mock_idp_db


def _close(_exc=None) -> None:
    session = g.pop("mock_idp_db", None)
    if session is not None:
        session.close()


def dispose(app) -> None:
    """Stop the app's background work, then close its connection pool (tests, shutdown)."""
    for stop in app.extensions.get("mock_idp.on_dispose", []):
        stop()
    app.extensions["mock_idp.db"].kw["bind"].dispose()
