"""``GET /api/v2/users?q=…``: a parsed Lucene query turned into one SQL ``WHERE`` clause.

Normalized fields (email, names) match case-insensitively, everything else case-sensitively,
as Auth0's v3 search does. Email is stored lower-case and indexed, so exact and prefix
(``jane*``) email searches use the index; metadata fields filter with JSON functions in SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, false, func, not_, or_, true

from ..models import User
from . import lucene, sqljson
from .lucene import ONE, STAR, QueryError

CASE_INSENSITIVE = {"email": User.email, "name": User.name, "nickname": User.nickname,
                    "given_name": User.given_name, "family_name": User.family_name}
WORDY = {"name", "nickname", "given_name", "family_name"}  # unquoted terms match a word
CASE_SENSITIVE = {"user_id": User.user_id, "last_ip": User.last_ip,
                  "identities.connection": User.connection, "connection": User.connection,
                  "picture": User.picture}
BOOLEANS = {"email_verified": User.email_verified, "blocked": User.blocked}
INTEGERS = {"logins_count": User.logins_count}
DATES = {"created_at": User.created_at, "updated_at": User.updated_at,
         "last_login": User.last_login}
METADATA = {"app_metadata": User.app_metadata, "user_metadata": User.user_metadata}
SORTABLE = {**CASE_INSENSITIVE, **DATES, **INTEGERS, **BOOLEANS, "user_id": User.user_id}


def where(query: str, dialect: str):
    """The SQL condition for ``query``; ``QueryError`` when it cannot be used."""
    return _clause(lucene.parse(query), dialect)


def _clause(node, dialect: str):
    if isinstance(node, lucene.And):
        return and_(*(_clause(item, dialect) for item in node.items))
    if isinstance(node, lucene.Or):
        return or_(*(_clause(item, dialect) for item in node.items))
    if isinstance(node, lucene.Not):
        return not_(func.coalesce(_clause(node.item, dialect), false()))  # NULL is no match
    if isinstance(node, lucene.Exists):
        return _exists(node.field, dialect)
    if isinstance(node, lucene.Range):
        return _range(node)
    if node.field is None:
        return or_(*(_text(name, node) for name in CASE_INSENSITIVE))
    return _match(node, dialect)


def _match(node: lucene.Match, dialect: str):
    name = node.field
    root, _, rest = name.partition(".")
    if root in METADATA and rest:
        if node.wild:
            raise QueryError(f"wildcards are not available on metadata fields ({name})")
        return sqljson.equals(METADATA[root], rest.split("."), node.text, dialect)
    if name in CASE_INSENSITIVE or name in CASE_SENSITIVE:
        return _text(name, node)
    if name == "email.domain":
        return User.email.like(f"%@{_escape(node.text.lower())}", escape="\\")
    if name == "identities.user_id":
        return User.user_id.like(f"%|{_escape(node.text)}", escape="\\")
    if name == "identities.provider":
        return true() if node.text == "auth0" else false()
    if node.wild:
        raise QueryError(f"wildcards are not available on {name}")
    if name in BOOLEANS:
        if node.text not in ("true", "false"):
            raise QueryError(f"{name} is true or false")
        return BOOLEANS[name].is_(node.text == "true")
    if name in INTEGERS:
        return INTEGERS[name] == _integer(node.text, name)
    if name in DATES:
        start = _epoch(node.text, name)
        return and_(DATES[name] >= start, DATES[name] < start + (86400 if len(node.text) <= 10 else 1))
    return false()  # Auth0 finds nothing for a field it does not index


def _text(name: str, node: lucene.Match):
    insensitive = name in CASE_INSENSITIVE
    column = CASE_INSENSITIVE.get(name, CASE_SENSITIVE.get(name))
    if insensitive and name != "email":  # email is stored lower-case already
        column = func.lower(column)
    value = node.text.lower() if insensitive else node.text
    if node.wild:
        return _wildcard(column, node.parts, insensitive)
    if name in WORDY and not node.quoted:
        word = _escape(value)
        return or_(column == value, column.like(f"{word} %", escape="\\"),
                   column.like(f"% {word}", escape="\\"), column.like(f"% {word} %", escape="\\"))
    return column == value


def _wildcard(column, parts: tuple, insensitive: bool):
    pieces = [(p.lower() if insensitive else p) if isinstance(p, str) else p for p in parts]
    if len(pieces) == 2 and isinstance(pieces[0], str) and pieces[1] is STAR:
        prefix = pieces[0]  # a prefix: a range the index can serve
        return and_(column >= prefix, column < prefix[:-1] + chr(ord(prefix[-1]) + 1))
    pattern = "".join("%" if p is STAR else "_" if p is ONE else _escape(p) for p in pieces)
    return column.like(pattern, escape="\\")


def _exists(name: str, dialect: str):
    root, _, rest = name.partition(".")
    if root in METADATA:
        return sqljson.exists(METADATA[root], rest.split("."), dialect) if rest else \
            METADATA[root].is_not(None)
    column = {**CASE_INSENSITIVE, **CASE_SENSITIVE, **DATES}.get(name)
    if column is None:
        return true() if name in BOOLEANS or name in INTEGERS or name == "identities" else false()
    return and_(column.is_not(None), column != "") if name not in DATES else column.is_not(None)


def _range(node: lucene.Range):
    root = node.field.partition(".")[0]
    if root in METADATA:
        raise QueryError(f"ranges are not available on metadata fields ({node.field})")
    if node.field in INTEGERS:
        column, convert = INTEGERS[node.field], _integer
    elif node.field in DATES:
        column, convert = DATES[node.field], _epoch
    else:
        raise QueryError(f"ranges are available on logins_count and dates, not {node.field}")
    bounds = []
    if node.low is not None:
        low = convert(node.low, node.field)
        bounds.append(column >= low if node.low_inclusive else column > low)
    if node.high is not None:
        high = convert(node.high, node.field)
        bounds.append(column <= high if node.high_inclusive else column < high)
    return and_(column.is_not(None), *bounds)


def _integer(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise QueryError(f"{name} needs a whole number, not {text[:40]!r}") from None


def _epoch(text: str, name: str) -> int:
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        raise QueryError(f"{name} needs a date like 2024-01-31 or 2024-01-31T12:00:00Z") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return int(stamp.timestamp())


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def order_by(sort: str | None):
    """``field:1`` ascending or ``field:-1`` descending; user_id breaks ties."""
    if not sort:
        return [User.created_at.asc(), User.user_id.asc()]
    name, _, direction = sort.partition(":")
    if name not in SORTABLE or direction not in ("1", "-1"):
        raise QueryError(f"cannot sort by {sort[:60]!r} (use field:1 or field:-1 with one of "
                         f"{', '.join(sorted(SORTABLE))})")
    column = SORTABLE[name]
    primary = column.asc() if direction == "1" else column.desc()
    return [primary, User.user_id.asc()]
