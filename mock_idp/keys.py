"""The tenant's RS256 signing keys, persisted in its database, and the public JWKS.

Like Auth0, a tenant has one ``current`` key that signs and may publish ``next`` and
``previous`` keys so tokens keep verifying across a rotation. ``rotate`` makes a new current
key (the old one stays published as ``previous``); ``revoke`` takes a key out of the JWKS, so
what it signed stops verifying.
"""

from __future__ import annotations

import base64
import hashlib
import threading

from joserfc.jwk import KeySet, RSAKey
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import SigningKey

PUBLISHED = ("current", "next", "previous")


def _thumbprint_kid(key: RSAKey) -> str:
    digest = hashlib.sha256(key.as_pem(private=False)).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


class KeyRing:
    """Loads the keys once, caches the parsed current key and the JWKS, reloads on rotation."""

    def __init__(self, sessionmaker):
        self._sessionmaker = sessionmaker
        self._lock = threading.Lock()
        self._current: RSAKey | None = None
        self._jwks: dict | None = None
        self._key_set: KeySet | None = None

    def ensure(self, now: int) -> None:
        """Create the first key of a new tenant."""
        with self._sessionmaker() as db:
            if db.scalar(select(SigningKey).where(SigningKey.status == "current")) is None:
                _create(db, "current", now).current_since = now
                db.commit()
        self.reload()

    def reload(self) -> None:
        with self._lock, self._sessionmaker() as db:
            rows = db.scalars(select(SigningKey).where(SigningKey.status.in_(PUBLISHED))).all()
            keys = {row.kid: RSAKey.import_key(row.private_pem, {"kid": row.kid}) for row in rows}
            current = next(row.kid for row in rows if row.status == "current")
            self._current = keys[current]
            self._jwks = {"keys": [
                key.as_dict(private=False, alg="RS256", use="sig") for key in keys.values()
            ]}
            self._key_set = KeySet.import_key_set(self._jwks)

    @property
    def signing_key(self) -> RSAKey:
        return self._current

    def jwks(self) -> dict:
        return self._jwks

    def key_set(self) -> KeySet:
        """The published public keys, parsed once per reload (for verifying tokens)."""
        return self._key_set

    def rotate(self, now: int) -> SigningKey:
        """A new current key; the old one becomes ``previous`` and stays published."""
        with self._sessionmaker() as db:
            db.execute(update(SigningKey).where(SigningKey.status == "current")
                       .values(status="previous", current_until=now))
            row = _create(db, "current", now)
            row.current_since = now
            db.commit()
        self.reload()
        return row

    def revoke(self, kid: str, now: int) -> SigningKey | None:
        """Unpublish a previous key; the current key cannot be revoked (``None`` if unknown)."""
        with self._sessionmaker() as db:
            row = db.get(SigningKey, kid)
            if row is None or row.status == "current":
                return row
            if row.status != "revoked":
                row.status, row.revoked_at = "revoked", now
                db.commit()
        self.reload()
        return row

    def all_keys(self) -> list[SigningKey]:
        """Every key the tenant ever had, newest first (for the Management API)."""
        with self._sessionmaker() as db:
            return list(db.scalars(select(SigningKey).order_by(SigningKey.created_at.desc(),
                                                               SigningKey.kid)))


def _create(db: Session, status: str, now: int) -> SigningKey:
    key = RSAKey.generate_key(2048)
    row = SigningKey(kid=_thumbprint_kid(key), private_pem=key.as_pem(private=True).decode(),
                     status=status, created_at=now)
    db.add(row)
    return row


def init_app(app) -> None:
    ring = KeyRing(app.extensions["mock_idp.db"])
    ring.ensure(app.extensions["mock_idp.clock"].now())
    app.extensions["mock_idp.keys"] = ring
