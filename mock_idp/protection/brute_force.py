"""Brute-force protection: consecutive failed logins for one identifier from one IP.

At ``max_attempts`` failures the identifier is blocked from that IP (from every IP in
``count_per_identifier`` mode): a ``UserBlock`` row, a ``limit_wc`` event and, with the
``user_notification`` shield, the ``blocked_account`` email with an unblock link. Unknown
identifiers are counted and blocked the same way, so the answers reveal nothing about who
has an account. A successful login resets the count; the unblock link, the user-blocks
endpoints, a password change or 30 days lift the block.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import logs
from ..clock import now
from ..management import blocks, tickets
from ..models import Client, Connection, LoginFailureCount, User, UserBlock
from .settings import BLOCK_LIFETIME, BruteForce, allowed


def _identifier(value: str) -> str:
    return value.strip().lower()


def applies(settings: BruteForce, connection: Connection, ip: str | None) -> bool:
    """Enabled for the tenant and the connection, and ``ip`` is not allow-listed."""
    enabled_here = (connection.options or {}).get("brute_force_protection", True)
    return settings.enabled and bool(enabled_here) and not allowed(ip, settings.allowlist)


def _counter_ip(settings: BruteForce, ip: str | None) -> str:
    return (ip or "") if settings.per_ip else ""


def _block_ip(settings: BruteForce, ip: str | None) -> str | None:
    return ip if settings.per_ip else None


def is_blocked(db: Session, identifier: str, ip: str | None) -> bool:
    """Blocked from ``ip`` (or from everywhere); blocks older than 30 days have ended."""
    rows = blocks.blocks_for(db, [identifier])
    ended = [row.id for row in rows if row.created_at <= now() - BLOCK_LIFETIME]
    if ended:
        db.execute(delete(UserBlock).where(UserBlock.id.in_(ended)))
        db.commit()
    return any(row.ip is None or row.ip == ip for row in rows if row.id not in ended)


def count_failure(db: Session, settings: BruteForce, connection: Connection, identifier: str,
                  ip: str | None) -> int:
    """Add one failure for (identifier, IP) and return the new count. The increment is one
    UPDATE, so concurrent failures are all counted."""
    key = (_identifier(identifier), _counter_ip(settings, ip))
    match = (LoginFailureCount.identifier == key[0], LoginFailureCount.ip == key[1])
    increment = (update(LoginFailureCount).where(*match)
                 .values(count=LoginFailureCount.count + 1, updated_at=now()))
    if not db.execute(increment).rowcount:
        try:
            db.add(LoginFailureCount(identifier=key[0], ip=key[1], connection=connection.name,
                                     count=1, updated_at=now()))
            db.commit()
        except IntegrityError:  # another request created it first: count on top of it
            db.rollback()
            db.execute(increment)
    db.commit()
    return db.scalar(select(LoginFailureCount.count).where(*match))


def reset(db: Session, settings: BruteForce, identifier: str, ip: str | None) -> None:
    """A successful login: the count for (identifier, IP) starts again."""
    row = db.get(LoginFailureCount, (_identifier(identifier), _counter_ip(settings, ip)))
    if row is not None:
        db.delete(row)
        db.commit()


def block(db: Session, settings: BruteForce, connection: Connection, identifier: str,
          ip: str | None, *, user: User | None, client: Client | None) -> None:
    """The threshold is reached: block (with the ``block`` shield), log ``limit_wc``, and
    with ``user_notification`` email an existing user the unblock link."""
    blocked = "block" in settings.shields
    if blocked:
        blocks.block(db, identifier, _block_ip(settings, ip), connection.name, now())
    logs.write("limit_wc", client=client, user=user, connection=connection.name,
               user_name=identifier.strip(),
               description=f"{settings.max_attempts} consecutive failed logins for "
                           f"{identifier.strip()}" + (" from this IP" if settings.per_ip else ""),
               details={"max_attempts": settings.max_attempts, "blocked": blocked,
                        "shields": sorted(settings.shields)})
    if blocked and user is not None and user.email and "user_notification" in settings.shields:
        _email_unblock_link(db, user, identifier, _block_ip(settings, ip), client)


def _email_unblock_link(db: Session, user: User, identifier: str, ip: str | None,
                        client: Client | None) -> None:
    from .. import mail

    url = tickets.issue(db, tickets.BRUTE_FORCE_UNBLOCK, user,
                        client_id=getattr(client, "client_id", None),
                        options={"identifier": _identifier(identifier), "ip": ip})
    application = ({"name": client.name, "clientID": client.client_id} if client else None)
    variables = {"url": url, "user": _user_variables(user, ip)}
    if application:
        variables["application"] = application
    mail.send_template("blocked_account", user.email, variables)


def _user_variables(user: User, ip: str | None) -> dict:
    data = {"user_id": user.user_id, "email": user.email, "name": user.name,
            "nickname": user.nickname, "source_ip": ip or ""}
    return {key: value for key, value in data.items() if value is not None}


def lift(db: Session, identifier: str) -> None:
    """Remove every block and failure count of ``identifier`` (unblock link, password change)."""
    blocks.unblock(db, [identifier])


def counts_for(db: Session, identifier: str) -> dict[str, int]:
    """Current failure counts of ``identifier`` by IP ("" counts every IP); for tests/ops."""
    rows = db.scalars(select(LoginFailureCount)
                      .where(LoginFailureCount.identifier == _identifier(identifier)))
    return {row.ip: row.count for row in rows}

