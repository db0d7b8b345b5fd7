"""Auth0's two list styles: offset paging (``page``/``per_page``/``include_totals``) and
checkpoint paging (``from``/``take`` answering ``next``), plus ``fields``/``include_fields``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

from .errors import ApiError
from .validation import q_bool, q_int, q_str

MAX_PER_PAGE = 100
MAX_RESULTS = 1000  # Auth0 lets a search page through the first 1000 results only


@dataclass(frozen=True)
class Page:
    page: int
    per_page: int
    include_totals: bool

    @property
    def offset(self) -> int:
        return self.page * self.per_page


def offset_page(default_per_page: int = 50, capped: bool = False) -> Page:
    """Read ``page``/``per_page``/``include_totals``; ``capped`` applies the 1000-result limit."""
    paging = Page(q_int("page", 0, maximum=10**6), q_int("per_page", default_per_page, 0, MAX_PER_PAGE),
                  bool(q_bool("include_totals", False)))
    if capped and paging.offset + paging.per_page > MAX_RESULTS:
        raise ApiError(400, f"You can only page through the first {MAX_RESULTS} records. See "
                       "https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation",
                       "invalid_paging")
    return paging


def offset_answer(key: str, items: list, total: int, paging: Page, length: bool = True):
    """A bare array, or with ``include_totals`` the envelope Auth0 returns."""
    if not paging.include_totals:
        return items
    envelope = {"start": paging.offset, "limit": paging.per_page, "total": total, key: items}
    if length:
        envelope["length"] = len(items)
    return envelope


def wants_checkpoint() -> bool:
    return "from" in request.args or "take" in request.args


def checkpoint() -> tuple[str | None, int]:
    """``from`` (an opaque cursor: the last id seen) and ``take`` (at most 100)."""
    return q_str("from", None, 200) or None, q_int("take", 50, 1, MAX_PER_PAGE)


def checkpoint_answer(key: str, rows: list, take: int, as_json, cursor_of) -> dict:
    """``rows`` holds up to ``take + 1`` items; the extra one only says there is more."""
    answer = {key: [as_json(row) for row in rows[:take]]}
    if len(rows) > take:
        answer["next"] = cursor_of(rows[take - 1])
    return answer


def project(item: dict, fields: list[str] | None, include: bool) -> dict:
    """Keep (or drop) the named top-level fields."""
    if not fields:
        return item
    if include:
        return {key: value for key, value in item.items() if key in fields}
    return {key: value for key, value in item.items() if key not in fields}


def fields_param() -> tuple[list[str] | None, bool]:
    raw = q_str("fields", None, 1000)
    names = [name.strip() for name in raw.split(",") if name.strip()] if raw else None
    return names, q_bool("include_fields", True) is not False
