"""A customer's own orders: list with ``read:orders``, place with ``create:orders``."""

from __future__ import annotations

import unicodedata

from flask import Blueprint, g, jsonify, request
from sqlalchemy import select

from .auth import requires_permission
from .db import get_db
from .errors import ApiError
from .models import ITEM_MAX_LENGTH, Order

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
    item, quantity = validate_order(_json_body())
    db = get_db()
    order = Order(owner_sub=g.sub, item=item, quantity=quantity)
    db.add(order)
    db.commit()
    return jsonify(order.to_dict()), 201


def _json_body():
    """The parsed JSON body, or None when it is absent, not JSON or absurdly nested."""
    try:
        return request.get_json(silent=True)
    except RecursionError:  # silent=True only covers ValueError
        return None


def validate_order(body) -> tuple[str, int]:
    """``(item, quantity)`` from ``{"item": str, "quantity": int}``, else a 400 ApiError."""
    if not isinstance(body, dict):
        raise _invalid("The body must be a JSON object (Content-Type: application/json)")
    unknown = sorted(set(body) - {"item", "quantity"})
    if unknown:
        raise _invalid(f"Unknown field(s): {', '.join(unknown)[:200]}")
    item, quantity = body.get("item"), body.get("quantity")
    if not isinstance(item, str) or not 1 <= len(item) <= ITEM_MAX_LENGTH:
        raise _invalid(f"'item' must be a string of 1 to {ITEM_MAX_LENGTH} characters")
    if not item.strip() or any(unicodedata.category(c) in {"Cc", "Cs"} for c in item):
        # Cs: a lone surrogate from a JSON "\ud800" escape cannot be stored as UTF-8.
        raise _invalid("'item' must not be blank or contain control characters")
    is_int = isinstance(quantity, int) and not isinstance(quantity, bool)
    if not is_int or quantity not in QUANTITY_RANGE:
        raise _invalid("'quantity' must be an integer from 1 to 99")
    return item, quantity


def _invalid(description: str) -> ApiError:
    return ApiError(400, "invalid_request", description)
