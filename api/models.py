"""The API's tables: orders placed by customers, keyed by the token's ``sub``, and the
bookings partner agencies make, keyed by the token's ``org_id``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ITEM_MAX_LENGTH = 100
DESTINATION_MAX_LENGTH = 100


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
        return {"id": self.id, "item": self.item, "quantity": self.quantity,
                "created_at": _iso(self.created_at)}


class Booking(Base):
    """A booking made by one organization (a partner agency); every query filters on ``org_id``."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    booked_by: Mapped[str] = mapped_column(String(255))
    destination: Mapped[str] = mapped_column(String(DESTINATION_MAX_LENGTH))
    travellers: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    def to_dict(self) -> dict:
        return {"id": self.id, "org_id": self.org_id, "booked_by": self.booked_by,
                "destination": self.destination, "travellers": self.travellers,
                "created_at": _iso(self.created_at)}


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite drops the offset; values are stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat().replace("+00:00", "Z")
