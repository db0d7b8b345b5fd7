"""A customer's own orders: list with ``read:orders``, place with ``create:orders``."""

from __future__ import annotations

from flask import Blueprint, g, jsonify
from sqlalchemy import select

from .auth import requires_permission
from .db import get_db
from .models import ITEM_MAX_LENGTH, Order
from .validation import int_field, json_object, text_field

bp = Blueprint("orders", __name__, url_prefix="/api")

QUANTITY_RANGE = range(1, 100)


@bp.get("/orders")
@requires_permission("read:orders")
def list_orders():
    """The caller's orders only: the owner is always the token's ``sub``."""
    rows = get_db().scalars(select(Order).where(Order.owner_sub == g.sub).order_by(Order.id))
    return jsonify(orders=[order.to_dict() for order in rows])


@bp.post("/orders")
@requires_permission("create:orders")
def create_order():
    """Place an order for the caller after strict validation of the JSON body."""
    item, quantity = validate_order()
    db = get_db()
    order = Order(owner_sub=g.sub, item=item, quantity=quantity)
    db.add(order)
    db.commit()
    return jsonify(order.to_dict()), 201


def validate_order() -> tuple[str, int]:
    """``(item, quantity)`` from ``{"item": str, "quantity": int}``, else a 400 ApiError."""
    body = json_object({"item", "quantity"})
    return (text_field(body, "item", ITEM_MAX_LENGTH),
            int_field(body, "quantity", QUANTITY_RANGE))
