"""SQL over JSON columns (metadata, log events) so searches filter in the database.

SQLite, the default store, gets exact JSON typing (``json_type``) and array membership
(``json_each``); other databases use SQLAlchemy's portable JSON path operators.
"""

from __future__ import annotations

import re

from sqlalchemy import and_, false, func, literal, or_, select

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _sqlite_path(path: list[str]) -> str:
    return "$" + "".join('."' + part.replace('"', '""') + '"' for part in path)


def exists(column, path: list[str], dialect: str):
    """The value at ``path`` is present and not JSON null (Auth0 does not index nulls)."""
    if dialect == "sqlite":
        kind = func.json_type(column, _sqlite_path(path))
        return and_(kind.is_not(None), kind != "null")
    return column[tuple(path)].as_string().is_not(None)


def equals(column, path: list[str], value: str, dialect: str):
    """The value at ``path`` equals ``value`` read as text, number or boolean; for an array,
    one of its items does."""
    if dialect != "sqlite":
        return _portable_equals(column, path, value)
    where = _sqlite_path(path)
    kind, extracted = func.json_type(column, where), func.json_extract(column, where)
    options = [and_(kind == "text", extracted == value)]
    if NUMBER.match(value):
        options.append(and_(kind.in_(("integer", "real")), extracted == float(value)))
    if value in ("true", "false"):
        options.append(kind == value)
    items = func.json_each(column, where).table_valued("value", "type").alias("item")
    member = [and_(items.c.type == "text", items.c.value == value)]
    if NUMBER.match(value):
        member.append(and_(items.c.type.in_(("integer", "real")), items.c.value == float(value)))
    options.append(and_(kind == "array",
                        select(literal(1)).select_from(items).where(or_(*member)).exists()))
    return or_(*options)


def _portable_equals(column, path: list[str], value: str):
    node = column[tuple(path)]
    options = [node.as_string() == value]
    if NUMBER.match(value):
        options.append(node.as_float() == float(value))
    if value in ("true", "false"):
        options.append(node.as_boolean() == (value == "true"))
    return or_(*options) if options else false()


def text_at(column, path: list[str], dialect: str):
    """The value at ``path`` as text (for comparisons on log event fields)."""
    if dialect == "sqlite":
        return func.json_extract(column, _sqlite_path(path))
    return column[tuple(path)].as_string()
