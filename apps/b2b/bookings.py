"""A partner agency's bookings for its customers, through the API under ``/api/orgs/<org_id>/``.

The organization in the URL must be the one in the member's token (``require_org``), and the
API checks the access token's ``org_id`` again: neither the app nor the API trusts the URL.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from apps.common import UpstreamError, error_response
from apps.common.api_client import ApiDenied, ApiRejected, call_api

from .org_context import is_org_admin, org_roles, require_org

bp = Blueprint("bookings", __name__, url_prefix="/orgs/<org_id>")

SERVICE = "bookings API"
MAX_DESTINATION = 100
MAX_TRAVELLERS = 50
NO_ROLE = ("You are a member of this agency, but no agency role lets you see its bookings yet "
           "(members who join by logging in, such as agents migrated from Travel0 Classic, "
           "start without one). Ask your agency's admin or Travel0 support to give you a role; "
           "it takes effect at your next login.")


@bp.get("/bookings")
@login_required
def list_bookings(org_id: str):
    return _page(require_org(org_id), {"destination": "", "travellers": "1"}, {})


@bp.post("/bookings")
@login_required
def create_booking(org_id: str):
    require_org(org_id)
    form = {key: request.form.get(key, "").strip() for key in ("destination", "travellers")}
    errors = validate_booking(form)
    if errors:
        return _page(org_id, form, errors, status=400)
    try:
        call_api("POST", f"/api/orgs/{org_id}/bookings", service=SERVICE,
                 json={"destination": form["destination"], "travellers": int(form["travellers"])})
    except ApiRejected as exc:
        return _page(org_id, form, {"form": f"The API refused the booking: {exc.description}"}, 400)
    flash(f"Booked: {form['destination']} for {form['travellers']}.", "success")
    return redirect(url_for("bookings.list_bookings", org_id=org_id))


@bp.post("/bookings/<int:booking_id>/cancel")
@login_required
def cancel_booking(org_id: str, booking_id: int):
    require_org(org_id)
    try:
        call_api("DELETE", f"/api/orgs/{org_id}/bookings/{booking_id}", service=SERVICE)
    except ApiRejected as exc:
        return error_response(exc.status, "Booking not cancelled", exc.description)
    flash("Booking cancelled.", "success")
    return redirect(url_for("bookings.list_bookings", org_id=org_id))


def validate_booking(form: dict) -> dict:
    """Field errors of a booking form (empty when it is fine to send)."""
    errors = {}
    destination = form.get("destination", "")
    if not destination or len(destination) > MAX_DESTINATION or not destination.isprintable():
        errors["destination"] = f"Enter a destination (1 to {MAX_DESTINATION} characters)."
    travellers = form.get("travellers", "")
    if not (travellers.isascii() and travellers.isdigit()) or not (
            1 <= int(travellers) <= MAX_TRAVELLERS):
        errors["travellers"] = f"Enter a whole number from 1 to {MAX_TRAVELLERS}."
    return errors


def _page(org_id: str, form: dict, errors: dict, status: int = 200):
    try:
        body = call_api("GET", f"/api/orgs/{org_id}/bookings", service=SERVICE)
    except ApiDenied as exc:
        if org_roles():  # a role that does not cover this: the general refusal
            raise
        return error_response(403, "No role in this agency yet", NO_ROLE, error=exc.error)
    except ApiRejected as exc:
        raise UpstreamError(SERVICE, f"HTTP {exc.status} listing bookings") from exc
    bookings = body.get("bookings") if isinstance(body, dict) else None
    if not isinstance(bookings, list):
        raise UpstreamError(SERVICE, "unexpected bookings payload")
    page = render_template("b2b/bookings.html", bookings=bookings, form=form, errors=errors,
                           can_cancel=is_org_admin())
    return page, status


@bp.errorhandler(ApiDenied)
def _denied(exc: ApiDenied):
    return error_response(
        403, "Not allowed in this organization",
        "Your role in this organization does not allow this; the API refused it "
        f"({exc.description or exc.error}).", error=exc.error)
