"""An organization's business trips (the B2B app's data), strictly scoped by ``org_id``.

Every route takes the organization from the URL and ``requires_org`` checks it against the
token's ``org_id`` claim; every query filters on that id as well, so a trip of another
organization is simply not found. Permissions come from the member's organization roles.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify
from sqlalchemy import select

from .auth import requires_org, requires_permission
from .db import get_db
from .errors import ApiError
from .models import DESTINATION_MAX_LENGTH, Trip
from .validation import int_field, json_object, text_field

bp = Blueprint("trips", __name__, url_prefix="/api/orgs/<org_id>")

TRAVELLERS_RANGE = range(1, 51)


@bp.get("/trips")
@requires_org
@requires_permission("read:trips")
def list_trips(org_id: str):
    rows = get_db().scalars(select(Trip).where(Trip.org_id == g.org_id).order_by(Trip.id))
    return jsonify(trips=[trip.to_dict() for trip in rows])


@bp.post("/trips")
@requires_org
@requires_permission("create:trips")
def book_trip(org_id: str):
    body = json_object({"destination", "travellers"})
    trip = Trip(org_id=g.org_id, booked_by=g.sub,
                destination=text_field(body, "destination", DESTINATION_MAX_LENGTH),
                travellers=int_field(body, "travellers", TRAVELLERS_RANGE))
    db = get_db()
    db.add(trip)
    db.commit()
    return jsonify(trip.to_dict()), 201


@bp.get("/trips/<int:trip_id>")
@requires_org
@requires_permission("read:trips")
def get_trip(org_id: str, trip_id: int):
    return jsonify(_trip(trip_id).to_dict())


@bp.delete("/trips/<int:trip_id>")
@requires_org
@requires_permission("delete:trips")
def cancel_trip(org_id: str, trip_id: int):
    db = get_db()
    db.delete(_trip(trip_id))
    db.commit()
    return "", 204


def _trip(trip_id: int) -> Trip:
    """The trip when it belongs to the token's organization; otherwise it does not exist."""
    trip = get_db().scalar(select(Trip).where(Trip.id == trip_id, Trip.org_id == g.org_id))
    if trip is None:
        raise ApiError(404, "not_found", f"No trip {trip_id} in this organization")
    return trip
