"""One SQLAlchemy engine per app; one ORM session per request, closed at teardown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, g
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from .models import Base


@dataclass
class Database:
    """The app's engine and session factory (kept in ``app.extensions["api.db"]``)."""

    engine: Engine
    sessions: sessionmaker

    def ping(self) -> bool:
        """True when a trivial query succeeds (for the health check)."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not reachable"
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    """Create the engine; a relative SQLite file gets its folder created first."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return create_engine(url)
    database = parsed.database or ""
    if database in {"", ":memory:"}:
        # One shared connection, or every thread would see its own empty database.
        return create_engine(url, poolclass=StaticPool,
                             connect_args={"check_same_thread": False})
    if not Path(database).is_absolute():
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, connect_args={"timeout": 30})


def init_app(app) -> None:
    """Create the engine and the tables, and close each request's session at teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    Base.metadata.create_all(engine)
    app.extensions["api.db"] = Database(engine, sessionmaker(engine, expire_on_commit=False))
    app.teardown_appcontext(_close)


def get_db() -> Session:
    """The request's ORM session (created on first use)."""
    if "api_db" not in g:
        g.api_db = current_app.extensions["api.db"].sessions()
    return g.api_db


def _close(_exc=None) -> None:
    session = g.pop("api_db", None)
    if session is not None:
        session.close()
