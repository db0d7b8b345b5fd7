"""One SQLAlchemy engine per app; one ORM session per request, closed at teardown."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from .models import Base


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


def init_app(app) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    Base.metadata.create_all(engine)
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
    """Close the app's connection pool (tests and orderly shutdown)."""
    app.extensions["mock_idp.db"].kw["bind"].dispose()
