"""Suspicious-IP throttling: one token bucket per IP and stage, kept in the tenant database.

``pre-login``: every failed login from the IP spends a token; ``pre-user-registration``:
every sign-up attempt does. An empty bucket throttles the IP (429) until it refills at one
attempt per ``rate`` milliseconds of tenant-clock time, or until an administrator calls
``DELETE /api/v2/anomaly/blocks/ips/{ip}``. Allow-listed addresses are never throttled.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import logs
from ..models import IpThrottle
from . import refusals
from .settings import Bucket, Throttling, allowed

LOGIN = "pre-login"
SIGNUP = "pre-user-registration"


def _time() -> float:
    return current_app.extensions["mock_idp.clock"].time()


def _applies(settings: Throttling, ip: str | None) -> bool:
    return settings.enabled and bool(ip) and not allowed(ip, settings.allowlist)


def _refilled(row: IpThrottle | None, bucket: Bucket, now: float) -> float:
    """Tokens the bucket holds at ``now``."""
    if row is None:
        return float(bucket.max_attempts)
    gained = max(0.0, now - row.updated_at) / bucket.seconds_per_attempt
    return min(float(bucket.max_attempts), row.tokens + gained)


def tokens_left(db: Session, settings: Throttling, ip: str, stage: str) -> float:
    row = db.get(IpThrottle, (ip, stage))
    return _refilled(row, settings.stages[stage], _time())


def is_throttled(db: Session, settings: Throttling, ip: str | None, stage: str) -> bool:
    """Whether attempts of ``stage`` from ``ip`` are refused now."""
    if not _applies(settings, ip) or "block" not in settings.shields:
        return False
    return tokens_left(db, settings, ip, stage) < 1.0


def check(db: Session, settings: Throttling, ip: str | None, stage: str) -> None:
    """Raise ``Refused`` (429 ``too_many_attempts``) when the IP is throttled for ``stage``."""
    if is_throttled(db, settings, ip, stage):
        raise refusals.ip_throttled(signup=stage == SIGNUP)


def spend(db: Session, settings: Throttling, ip: str | None, stage: str, *, client=None,
          connection: str | None = None, user_name: str | None = None) -> None:
    """Count one attempt; the one that empties the bucket logs ``limit_mu``."""
    if not _applies(settings, ip):
        return
    now = _time()
    bucket = settings.stages[stage]
    row = db.get(IpThrottle, (ip, stage)) or _new_bucket(db, ip, stage, bucket, now)
    before = _refilled(row, bucket, now)
    tokens = max(0.0, before - 1.0)
    emptied = before >= 1.0 > tokens
    row.tokens, row.updated_at = tokens, now
    db.commit()
    if emptied:
        what = "sign-ups" if stage == SIGNUP else "failed logins"
        logs.write("limit_mu", client=client, connection=connection, user_name=user_name,
                   description=f"Too many {what} from {ip}: the IP address is throttled",
                   details={"stage": stage, "max_attempts": bucket.max_attempts,
                            "rate": bucket.rate_ms, "shields": sorted(settings.shields)})


def _new_bucket(db: Session, ip: str, stage: str, bucket: Bucket, now: float) -> IpThrottle:
    """A full bucket for an IP seen for the first time (or the one a concurrent request made)."""
    try:
        db.add(IpThrottle(ip=ip, stage=stage, tokens=float(bucket.max_attempts), updated_at=now))
        db.commit()
    except IntegrityError:
        db.rollback()
    return db.get(IpThrottle, (ip, stage))


def clear(db: Session, ip: str) -> None:
    """Lift throttling of ``ip`` for every stage (its buckets start full again)."""
    db.execute(delete(IpThrottle).where(IpThrottle.ip == ip))
    db.commit()
