"""Brute-force blocks: which identifiers (emails) are blocked, from which IP, on which
connection. Brute-force protection records blocks with ``block``; the ``user-blocks``
endpoints read and clear them."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import LoginFailureCount, UserBlock


def block(db: Session, identifier: str, ip: str | None, connection: str | None, now: int) -> None:
    """Record a block of ``identifier`` (from ``ip`` when given) unless it is already there."""
    identifier = identifier.strip().lower()
    existing = db.scalar(select(UserBlock).where(UserBlock.identifier == identifier,
                                                 UserBlock.ip.is_(ip) if ip is None else UserBlock.ip == ip))
    if existing is None:
        db.add(UserBlock(identifier=identifier, ip=ip, connection=connection, created_at=now))
        db.commit()


def is_blocked(db: Session, identifier: str, ip: str | None) -> bool:
    """Blocked for every IP, or for this one."""
    rows = blocks_for(db, [identifier])
    return any(row.ip is None or row.ip == ip for row in rows)


def blocks_for(db: Session, identifiers: list[str]) -> list[UserBlock]:
    wanted = [i.strip().lower() for i in identifiers if i]
    if not wanted:
        return []
    return list(db.scalars(select(UserBlock).where(UserBlock.identifier.in_(wanted))
                           .order_by(UserBlock.id)))


def unblock(db: Session, identifiers: list[str]) -> None:
    """Lift the blocks and forget the failed-login counts, so counting starts afresh."""
    wanted = [i.strip().lower() for i in identifiers if i]
    if wanted:
        db.execute(delete(UserBlock).where(UserBlock.identifier.in_(wanted)))
        db.execute(delete(LoginFailureCount).where(LoginFailureCount.identifier.in_(wanted)))
        db.commit()


def as_json(row: UserBlock) -> dict:
    data = {"identifier": row.identifier, "ip": row.ip, "connection": row.connection}
    return {key: value for key, value in data.items() if value is not None}
