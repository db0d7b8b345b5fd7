"""The orders page: list the user's orders and place new ones, both through the API.

Placing an order needs a verified email address (the confirmation goes there).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from apps.common import UpstreamError, error_response
from apps.common.api_client import SERVICE, ApiDenied, ApiRejected, call_api
from apps.common.verification import email_verified, verified_email_required

bp = Blueprint("orders", __name__)

MAX_ITEM_LENGTH = 100
MAX_QUANTITY = 100


@bp.get("/orders")
@login_required
def list_orders():
    return _page({"item": "", "quantity": "1"}, {})


@bp.post("/orders")
@login_required
@verified_email_required(action="Placing an order")
def create_order():
    form = {key: request.form.get(key, "").strip() for key in ("item", "quantity")}
    errors = validate_order(form)
    if errors:
        return _page(form, errors, status=400)
    try:
        call_api("POST", "/api/orders", json={"item": form["item"],
                                              "quantity": int(form["quantity"])})
    except ApiRejected as exc:
        return _page(form, {"form": f"The API refused the order: {exc.description}"}, status=400)
    flash(f"Order placed: {form['quantity']} × {form['item']}.", "success")
    return redirect(url_for("orders.list_orders"))


def validate_order(form: dict) -> dict:
    """Field errors of an order form (empty when it is fine to send)."""
    errors = {}
    item = form.get("item", "")
    if not item or len(item) > MAX_ITEM_LENGTH or not item.isprintable():
        errors["item"] = f"Enter what to order (1 to {MAX_ITEM_LENGTH} characters)."
    quantity = form.get("quantity", "")
    # isascii: str.isdigit() also accepts digits such as '²' that int() refuses.
    if not (quantity.isascii() and quantity.isdigit()) or not 1 <= int(quantity) <= MAX_QUANTITY:
        errors["quantity"] = f"Enter a whole number from 1 to {MAX_QUANTITY}."
    return errors


def _page(form: dict, errors: dict, status: int = 200):
    try:
        body = call_api("GET", "/api/orders")
    except ApiRejected as exc:
        raise UpstreamError(SERVICE, f"HTTP {exc.status} listing orders") from exc
    orders = body.get("orders", []) if isinstance(body, dict) else body
    if not isinstance(orders, list):
        raise UpstreamError(SERVICE, "unexpected orders payload")
    page = render_template("b2c/orders.html", orders=orders, form=form, errors=errors,
                           # the session's knowledge only: no Management API call per listing
                           email_verified=email_verified(check_tenant=False))
    return page, status


@bp.errorhandler(ApiDenied)
def _denied(exc: ApiDenied):
    permission = "create:orders" if exc.method == "POST" else "read:orders"
    return error_response(
        403, "Permission needed",
        f"Your account does not have the {permission} permission for the Travel0 API, "
        "so the API refused this request.",
        error=exc.error, template="b2c/permission_denied.html", permission=permission)
