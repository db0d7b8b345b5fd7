"""Operations state: log streams and where each one has got to in the tenant log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class LogStream(Base):
    """A log stream (Auth0's ``/api/v2/log-streams``) and its delivery progress.

    ``cursor`` is the ``seq`` of the last tenant log event handled (delivered or filtered
    out), so a suspended stream resumes exactly where it stopped.
    """

    __tablename__ = "log_streams"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # active | paused | suspended
    sink: Mapped[dict[str, Any]] = mapped_column(default=dict)
    filters: Mapped[list[Any]] = mapped_column(default=list)
    is_priority: Mapped[bool] = mapped_column(Boolean, default=False)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed deliveries
    last_error: Mapped[str | None] = mapped_column(Text)
    last_delivery_at: Mapped[int | None] = mapped_column(Integer)
    delivered: Mapped[int] = mapped_column(Integer, default=0)  # events delivered so far
    created_at: Mapped[int] = mapped_column(Integer)
