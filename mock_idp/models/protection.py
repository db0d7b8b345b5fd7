"""Attack-protection state: failed-login counters and per-IP throttling buckets.

Brute-force blocks themselves are ``UserBlock`` rows (what ``/api/v2/user-blocks`` lists).
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class LoginFailureCount(Base):
    """Consecutive failed logins for one identifier from one IP ("" counts every IP)."""

    __tablename__ = "login_failure_counts"
    identifier: Mapped[str] = mapped_column(String(320), primary_key=True)
    ip: Mapped[str] = mapped_column(String(64), primary_key=True)
    connection: Mapped[str | None] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[int] = mapped_column(Integer)


class IpThrottle(Base):
    """A token bucket of one IP for one stage (``pre-login`` or ``pre-user-registration``)."""

    __tablename__ = "ip_throttles"
    ip: Mapped[str] = mapped_column(String(64), primary_key=True)
    stage: Mapped[str] = mapped_column(String(32), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
