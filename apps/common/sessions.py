"""Server-side sessions: the cookie carries a signed random id, the data lives in SQL.

Tokens, ID-token claims and authlib's state/nonce/PKCE verifier never reach the browser.
The table stores a SHA-256 of the id, so a leaked database does not yield live cookies.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path

from flask import request
from flask.sessions import SessionInterface, SessionMixin, session_json_serializer
from itsdangerous import BadSignature, Signer
from sqlalchemy import Float, String, Text, create_engine, delete, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker
from werkzeug.datastructures import CallbackDict


class Base(DeclarativeBase):
    pass


class SessionRecord(Base):
    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class ServerSession(CallbackDict, SessionMixin):
    """The session dict; ``sid`` is None until something is stored."""

    def __init__(self, initial=None, sid: str | None = None):
        def on_update(session):
            session.modified = True

        super().__init__(initial, on_update)
        self.sid = sid
        self.new = sid is None
        self.modified = False
        self.rotate = False

    def regenerate(self) -> None:
        """Move the data to a fresh id at the next save (defeats session fixation)."""
        self.rotate = True
        self.modified = True


class SessionStore:
    """The SQL table behind the sessions of one app."""

    def __init__(self, url: str):
        _ensure_sqlite_dir(url)
        self.engine = create_engine(url)
        Base.metadata.create_all(self.engine)
        self._db = sessionmaker(self.engine)

    def load(self, sid: str) -> dict | None:
        with self._db() as db:
            record = db.get(SessionRecord, _hash(sid))
            if record is None or record.expires_at < time.time():
                return None
            return session_json_serializer.loads(record.data)

    def save(self, sid: str, data: dict, lifetime: float) -> None:
        with self._db.begin() as db:
            db.merge(SessionRecord(
                id_hash=_hash(sid),
                data=session_json_serializer.dumps(data),
                expires_at=time.time() + lifetime,
            ))

    def delete(self, sid: str) -> None:
        with self._db.begin() as db:
            db.execute(delete(SessionRecord).where(SessionRecord.id_hash == _hash(sid)))

    def purge_expired(self) -> int:
        with self._db.begin() as db:
            result = db.execute(delete(SessionRecord).where(SessionRecord.expires_at < time.time()))
            return result.rowcount

    def count(self) -> int:
        with self._db() as db:
            return len(db.scalars(select(SessionRecord.id_hash)).all())

    def dispose(self) -> None:
        self.engine.dispose()


class ServerSessionInterface(SessionInterface):
    """Flask ``SessionInterface`` over a :class:`SessionStore`."""

    def __init__(self, store: SessionStore):
        self.store = store

    def open_session(self, app, request) -> ServerSession:
        sid = self._unsign(app, request.cookies.get(self.get_cookie_name(app)))
        data = self.store.load(sid) if sid else None
        if data is None:
            return ServerSession()
        return ServerSession(data, sid=sid)

    def save_session(self, app, session: ServerSession, response) -> None:
        name = self.get_cookie_name(app)
        cookie_kwargs = {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app) or request.is_secure,
            "httponly": True,
            "samesite": self.get_cookie_samesite(app) or "Lax",
        }
        if session.sid and (not session or session.rotate):
            self.store.delete(session.sid)
        if not session:
            if session.sid:
                response.delete_cookie(name, **cookie_kwargs)
            return
        response.vary.add("Cookie")
        if not session.modified:
            return
        if session.sid is None or session.rotate:
            session.sid = secrets.token_urlsafe(32)
            session.rotate = False
            self.store.purge_expired()
        # Expiry slides with every write (login, token refresh, form posts).
        lifetime = app.permanent_session_lifetime.total_seconds()
        self.store.save(session.sid, dict(session), lifetime)
        # A browser-session cookie: the server-side record carries the real expiry.
        response.set_cookie(name, self._signer(app).sign(session.sid).decode(), **cookie_kwargs)

    def _signer(self, app) -> Signer:
        return Signer(app.secret_key, salt="cookbook-session-id")

    def _unsign(self, app, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return self._signer(app).unsign(value).decode()
        except BadSignature:
            return None


def init_app(app) -> None:
    """Give ``app`` its own session store from ``DATABASE_URL``."""
    store = SessionStore(app.config["DATABASE_URL"])
    app.extensions["cookbook_sessions"] = store
    app.session_interface = ServerSessionInterface(store)


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def _ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
