"""``/api/v2/logs``: search with ``q`` (or the SDK's ``search``), offset or checkpoint paging,
``sort``, ``fields``; ``/api/v2/logs/{id}``."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify
from sqlalchemy import and_, false, func, not_, or_, select, true

from ...db import get_db
from ...models import LogEvent
from .. import lucene, sqljson
from ..auth import requires
from ..errors import bad_query, not_found
from ..lucene import STAR, QueryError
from ..paging import (
    checkpoint,
    fields_param,
    offset_answer,
    offset_page,
    project,
    wants_checkpoint,
)
from ..validation import q_str
from .common import dialect

bp = Blueprint("logs", __name__)

COLUMNS = {"type": LogEvent.type, "user_id": LogEvent.user_id, "client_id": LogEvent.client_id,
           "log_id": LogEvent.log_id, "date": LogEvent.date}
IN_DATA = ("user_name", "client_name", "connection", "connection_id", "ip", "description",
           "hostname", "user_agent", "audience", "scope", "strategy", "strategy_type",
           "organization_id")


@bp.get("/logs")
@requires("read:logs")
def list_logs():
    if wants_checkpoint():
        return _by_checkpoint()
    db = get_db()
    paging = offset_page(capped=True)
    fields, include = fields_param()
    condition = _condition(q_str("q") or q_str("search"))
    rows = db.scalars(select(LogEvent).where(condition).order_by(log_order())
                      .offset(paging.offset).limit(paging.per_page)).all()
    total = db.scalar(select(func.count()).select_from(LogEvent).where(condition)) \
        if paging.include_totals else len(rows)
    return jsonify(offset_answer("logs", [project(row.data, fields, include) for row in rows],
                                 total, paging))


def _by_checkpoint():
    """Events after the ``from`` log id, oldest first; every other parameter is ignored, and
    a ``Link: <...>; rel="next"`` header says where to continue (the same URL when empty)."""
    after, take = checkpoint()
    db = get_db()
    query = select(LogEvent).order_by(LogEvent.seq.asc()).limit(take)
    if after:
        start = db.scalar(select(LogEvent.seq).where(LogEvent.log_id == after))
        # An id no longer (or never) stored: what sorts after it, as Auth0 orders by log_id.
        query = query.where(LogEvent.seq > start if start is not None else LogEvent.log_id > after)
    rows = db.scalars(query).all()
    response = jsonify([row.data for row in rows])
    last = rows[-1].log_id if rows else (after or "")
    link = f"{current_app.config['ISSUER']}api/v2/logs?{urlencode({'from': last, 'take': take})}"
    response.headers["Link"] = f'<{link}>; rel="next"'
    return response


@bp.get("/logs/<log_id>")
@requires("read:logs")
def get_log(log_id: str):
    row = get_db().scalar(select(LogEvent).where(LogEvent.log_id == log_id[:64]))
    if row is None:
        raise not_found("The log does not exist.", "inexistent_log")
    return jsonify(row.data)


def log_order():
    sort = q_str("sort", None, 50)
    if sort in (None, "", "date:-1"):
        return LogEvent.seq.desc()
    if sort == "date:1":
        return LogEvent.seq.asc()
    raise bad_query(f"'Logs sort by date only: date:1 or date:-1, not {sort[:40]}' on property sort.")


def _condition(query: str | None):
    if not query or not query.strip():
        return true()
    try:
        return _clause(lucene.parse(query), dialect())
    except QueryError as exc:
        raise bad_query(f"'{exc}' on property q.") from None


def _clause(node, dialect_name: str):
    if isinstance(node, lucene.And):
        return and_(*(_clause(item, dialect_name) for item in node.items))
    if isinstance(node, lucene.Or):
        return or_(*(_clause(item, dialect_name) for item in node.items))
    if isinstance(node, lucene.Not):
        return not_(func.coalesce(_clause(node.item, dialect_name), false()))
    if isinstance(node, lucene.Exists):
        column = _column(node.field, dialect_name)
        return column.is_not(None) if column is not None else false()
    if isinstance(node, lucene.Range):
        column = _column(node.field, dialect_name)
        if column is None:
            return false()
        bounds = [column >= node.low if node.low_inclusive else column > node.low] if node.low else []
        if node.high:
            bounds.append(column <= node.high if node.high_inclusive else column < node.high)
        return and_(column.is_not(None), *bounds)
    if node.field is None:  # a bare word: "starts with" on the usual fields
        return or_(*(_like(_column(name, dialect_name), (node.text, STAR))
                     for name in ("user_name", "client_name", "connection")))
    column = _column(node.field, dialect_name)
    if column is None:
        return false()
    if node.wild or node.field == "date":
        return _like(column, node.parts if node.wild else (node.text, STAR))
    return column == node.text


def _column(name: str, dialect_name: str):
    if name in COLUMNS:
        return COLUMNS[name]
    if name in IN_DATA:
        return sqljson.text_at(LogEvent.data, [name], dialect_name)
    return None


def _like(column, parts: tuple):
    pattern = "".join("%" if p is STAR else "_" if not isinstance(p, str) else
                      p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for p in parts)
    return column.like(pattern, escape="\\")
