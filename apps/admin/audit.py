"""The console's audit log: every operator action, allowed, refused or failed, appended once.

Rows are only ever inserted (the database refuses updates and deletes, see ``store.py``) and
the page (``audit_page.py``) is read-only: there is no route that changes an entry. Entries name the operator by
user id and email and the target by id; never a token, password or link.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from .store import AuditEntry, now_iso, store

log = logging.getLogger(__name__)
PAGE_SIZE = 50
OUTCOMES = ("allowed", "refused", "failed")


def record(operator, action, target: str, outcome: str, detail: str = "") -> None:
    """Append one entry; ``operator`` is an ``Operator`` (id, email, roles)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    entry = AuditEntry(at=now_iso(), operator_id=operator.id[:200],
                       operator_email=(operator.email or "")[:320],
                       roles=",".join(operator.roles)[:200], action=str(action)[:64],
                       target=(target or "")[:300], outcome=outcome, detail=(detail or "")[:2000])
    with store().session.begin() as db:
        db.add(entry)
    log.info("audit: %s %s %s by %s", outcome, action, target, operator.id)


def entries(page: int = 0, target: str | None = None) -> tuple[list[AuditEntry], int]:
    """Newest first, ``PAGE_SIZE`` a page; optionally only those about one target."""
    query = select(AuditEntry)
    if target:
        query = query.where(AuditEntry.target == target)
    with store().session() as db:
        total = db.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.scalars(query.order_by(AuditEntry.id.desc())
                          .offset(page * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return list(rows), total
