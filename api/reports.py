"""Order totals across all customers, for the M2M reporting client (``read:reports``)."""

from __future__ import annotations

from flask import Blueprint, g, jsonify
from sqlalchemy import func, select

from .auth import requires_permission
from .db import get_db
from .models import Order

bp = Blueprint("reports", __name__, url_prefix="/api/reports")


@bp.get("/orders")
@requires_permission("read:reports")
def order_totals():
    """Totals only, never another customer's orders or ids."""
    orders, quantity, customers = get_db().execute(
        select(func.count(Order.id), func.coalesce(func.sum(Order.quantity), 0),
               func.count(func.distinct(Order.owner_sub)))
    ).one()
    return jsonify(
        total_orders=orders,
        total_quantity=quantity,
        customers=customers,
        requested_by={"sub": g.sub, "gty": g.claims.get("gty")},
    )
