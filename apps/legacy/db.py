"""Travel0 Classic's own user table (SQLAlchemy 2, SQLite by default) and its seed."""

from __future__ import annotations

from pathlib import Path

import yaml
from flask import current_app, g
from sqlalchemy import Boolean, Integer, String, create_engine, func, inspect, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

SEED_FILE = Path(__file__).with_name("seed.yaml")


class Base(DeclarativeBase):
    pass


class Member(Base):
    """A Travel0 Classic member, as the legacy app has always stored them."""

    __tablename__ = "members"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    # The partner agency an agent-desk account belongs to; None for consumers.
    agency: Mapped[str | None] = mapped_column(String(100), index=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    display_name: Mapped[str | None] = mapped_column(String(200))
    email_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    newsletter: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(10))
    member_since: Mapped[str | None] = mapped_column(String(10))  # ISO date
    loyalty_points: Mapped[int] = mapped_column(Integer, default=0)

    def profile(self) -> dict:
        """The member as the API shows it: everything but the password hash."""
        return {"id": self.id, "email": self.email, "agency": self.agency,
                "first_name": self.first_name,
                "last_name": self.last_name, "display_name": self.display_name,
                "email_confirmed": bool(self.email_confirmed), "newsletter": bool(self.newsletter),
                "language": self.language, "member_since": self.member_since,
                "loyalty_points": self.loyalty_points or 0}


def make_sessionmaker(url: str) -> sessionmaker:
    """An engine for ``url`` with the tables created (the SQLite folder made if needed)."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    _add_agency_column(engine)
    return sessionmaker(engine, expire_on_commit=False)


def _add_agency_column(engine) -> None:
    """A members table made before agencies existed gets the column (its rows: consumers)."""
    if "agency" not in {column["name"] for column in inspect(engine).get_columns("members")}:
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE members ADD COLUMN agency VARCHAR(100)"))


def seed(session: Session) -> int:
    """Put the demo members in an empty table; how many were added."""
    if session.scalar(select(func.count()).select_from(Member)):
        return 0
    members = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))["members"]
    session.add_all(Member(**member) for member in members)
    session.commit()
    return len(members)


def find_member(session: Session, email: str) -> Member | None:
    """The member with ``email`` (the app always stored addresses trimmed and lowercased)."""
    return session.scalar(select(Member).where(Member.email == email.strip().lower()))


def find_in_group(session: Session, email: str, agency: str | None) -> Member | None:
    """The member with ``email`` among one agency's agents, or among consumers (``None``):
    each tenant connection migrates one group and never sees the others."""
    member = find_member(session, email)
    return member if member is not None and member.agency == agency else None


def in_group(members, agency: str | None) -> list[Member]:
    """The members of one group (see ``find_in_group``)."""
    return [member for member in members if member.agency == agency]


def init_app(app) -> None:
    app.extensions["legacy.db"] = make_sessionmaker(app.config["DATABASE_URL"])
    if app.config["SEED"]:
        with app.extensions["legacy.db"]() as session:
            seed(session)
    app.teardown_appcontext(_close)


def get_db() -> Session:
    """The request's session (created on first use, closed at teardown)."""
    if "legacy_db" not in g:
        g.legacy_db = current_app.extensions["legacy.db"]()
    return g.legacy_db


def _close(_exc=None) -> None:
    session = g.pop("legacy_db", None)
    if session is not None:
        session.close()


def dispose(app) -> None:
    """Close the app's connection pool (tests and orderly shutdown)."""
    app.extensions["legacy.db"].kw["bind"].dispose()
