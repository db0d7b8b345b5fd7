"""The audit log page: read-only, newest first, filterable by target (a user or a record)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .audit import PAGE_SIZE, entries
from .matrix import Action
from .operator import operator_required

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@operator_required(Action.READ_AUDIT)
def show():
    page = max(0, min(request.args.get("page", 0, type=int), 10_000))
    target = (request.args.get("target") or "")[:300] or None
    rows, total = entries(page, target)
    return render_template("admin/audit.html", rows=rows, total=total, page=page,
                           target=target, page_size=PAGE_SIZE)
