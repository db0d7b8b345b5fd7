"""``password_history``: a changed password may not be one of the user's last N (current
included). Old hashes are kept per user, at most Auth0's 24, and only ever compared."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .clock import now
from .models import PasswordHistory, User
from .passwords import verify_password

KEPT = 24  # what Auth0 retains while the policy is on


def size(options: dict) -> int:
    """How many recent passwords are refused (0 when the option is off)."""
    settings = (options or {}).get("password_history") or {}
    if not settings.get("enable"):
        return 0
    return max(1, min(int(settings.get("size", 5)), KEPT))


def reused(db: Session, user: User, password: str, options: dict) -> bool:
    """Whether ``password`` is the current one or among the last ``size - 1`` before it."""
    count = size(options)
    if not count:
        return False
    older = db.scalars(select(PasswordHistory.password_hash)
                       .where(PasswordHistory.user_id == user.user_id)
                       .order_by(PasswordHistory.id.desc()).limit(count - 1))
    candidates = [user.password_hash, *older] if user.password_hash else list(older)
    return any(verify_password(password, old) for old in candidates if old)


def remember(db: Session, user: User, previous_hash: str | None) -> None:
    """Keep the hash being replaced (whatever the option says: turning it on later works)."""
    if not previous_hash:
        return
    db.add(PasswordHistory(user_id=user.user_id, password_hash=previous_hash, created_at=now()))
    db.flush()
    stale = select(PasswordHistory.id).where(PasswordHistory.user_id == user.user_id).order_by(
        PasswordHistory.id.desc()).offset(KEPT)
    db.execute(delete(PasswordHistory).where(PasswordHistory.id.in_(stale)))
