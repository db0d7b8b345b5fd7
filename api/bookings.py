"""The bookings a partner agency (an organization) makes for its customers from the B2B app,
strictly scoped by ``org_id``.

Every route takes the organization from the URL and ``requires_org`` checks it against the
token's ``org_id`` claim; every query filters on that id as well, so a booking of another
organization is simply not found. Permissions come from the member's organization roles.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify
from sqlalchemy import select

from .auth import requires_org, requires_permission
from .db import get_db
from .errors import ApiError
from .models import DESTINATION_MAX_LENGTH, Booking
from .validation import int_field, json_object, text_field

bp = Blueprint("bookings", __name__, url_prefix="/api/orgs/<org_id>")

TRAVELLERS_RANGE = range(1, 51)


@bp.get("/bookings")
@requires_org
@requires_permission("read:bookings")
def list_bookings(org_id: str):
    rows = get_db().scalars(select(Booking).where(Booking.org_id == g.org_id).order_by(Booking.id))
    return jsonify(bookings=[booking.to_dict() for booking in rows])


@bp.post("/bookings")
@requires_org
@requires_permission("create:bookings")
def create_booking(org_id: str):
    body = json_object({"destination", "travellers"})
    booking = Booking(org_id=g.org_id, booked_by=g.sub,
                destination=text_field(body, "destination", DESTINATION_MAX_LENGTH),
                travellers=int_field(body, "travellers", TRAVELLERS_RANGE))
    db = get_db()
    db.add(booking)
    db.commit()
    return jsonify(booking.to_dict()), 201


MAX_ID = 2**63 - 1  # the largest integer primary key of SQLite and PostgreSQL (bigint)


@bp.get("/bookings/<int:booking_id>")
@requires_org
@requires_permission("read:bookings")
def get_booking(org_id: str, booking_id: int):
    return jsonify(_booking(booking_id).to_dict())


@bp.delete("/bookings/<int:booking_id>")
@requires_org
@requires_permission("delete:bookings")
def cancel_booking(org_id: str, booking_id: int):
    db = get_db()
    db.delete(_booking(booking_id))
    db.commit()
    return "", 204


def _booking(booking_id: int) -> Booking:
    """The booking when it belongs to the token's organization; otherwise it does not exist."""
    booking = None
    if booking_id <= MAX_ID:  # a larger id is no row, and the database driver cannot bind it
        booking = get_db().scalar(
            select(Booking).where(Booking.id == booking_id, Booking.org_id == g.org_id))
    if booking is None:
        raise ApiError(404, "not_found", f"No booking {booking_id} in this organization")
    return booking
