"""The API's tables: orders placed by customers, keyed by the token's ``sub``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ITEM_MAX_LENGTH = 100


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Order(Base):
    """One order; ``owner_sub`` is the Auth0 user id (or ``<client_id>@clients``)."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_sub: Mapped[str] = mapped_column(String(255), index=True)
    item: Mapped[str] = mapped_column(String(ITEM_MAX_LENGTH))
    quantity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    def to_dict(self) -> dict:
        created = self.created_at
        if created.tzinfo is None:  # SQLite drops the offset; values are stored in UTC
            created = created.replace(tzinfo=UTC)
        return {
            "id": self.id,
            "item": self.item,
            "quantity": self.quantity,
            "created_at": created.isoformat().replace("+00:00", "Z"),
        }
