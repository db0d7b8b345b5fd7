"""The Lucene query-string subset that people use with Auth0's user and log search.

``field:value``, ``field:"quoted value"``, ``*``/``?`` wildcards, ``field:(a OR b)``,
``AND``/``&&``, ``OR``/``||`` (and OR between adjacent clauses, Lucene's default), ``NOT``,
``-clause``/``!clause``/``+clause``, parentheses, ``_exists_:field``/``_missing_:field`` and
ranges ``field:[a TO b]`` / ``{a TO b}`` (``*`` for an open end). The parser only builds a
tree; turning it into SQL is the caller's business, so nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CLAUSES = 64
MAX_DEPTH = 16
STAR, ONE = object(), object()  # wildcard markers inside a term's parts


class QueryError(ValueError):
    """The query cannot be parsed (the message says where)."""


@dataclass(frozen=True)
class Match:
    field: str | None
    parts: tuple  # str pieces and STAR/ONE markers
    quoted: bool = False

    @property
    def wild(self) -> bool:
        return any(part is STAR or part is ONE for part in self.parts)

    @property
    def text(self) -> str:
        return "".join(part for part in self.parts if isinstance(part, str))


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None
    high: str | None
    low_inclusive: bool
    high_inclusive: bool


@dataclass(frozen=True)
class Exists:
    field: str


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


@dataclass(frozen=True)
class _Tok:
    kind: str  # ( ) AND OR NOT REQ FIELD TERM PHRASE RANGE
    value: object = None
    pos: int = 0


_RANGE = re.compile(r'([\[{])\s*("(?:[^"\\]|\\.)*"|[^\s\]}]+)\s+TO\s+("(?:[^"\\]|\\.)*"|[^\s\]}]+)\s*([\]}])')
_OPERATORS = {"AND": "AND", "&&": "AND", "OR": "OR", "||": "OR", "NOT": "NOT"}


def parse(text: str):
    """Parse ``text`` into a tree of Match/Range/Exists/And/Or/Not; raise ``QueryError``."""
    tokens = _tokenize(text)
    if not tokens:
        raise QueryError("the query is empty")
    parser = _Parser(tokens)
    tree = parser.expression(None, 0)
    if parser.peek() is not None:
        raise QueryError(f"unexpected {parser.describe(parser.peek())}")
    return tree


def _tokenize(text: str) -> list[_Tok]:
    tokens, i = [], 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Tok(char, None, i))
            i += 1
        elif text.startswith(("&&", "||"), i):
            tokens.append(_Tok(_OPERATORS[text[i:i + 2]], None, i))
            i += 2
        elif char in "-!+" and i + 1 < len(text) and not text[i + 1].isspace():
            tokens.append(_Tok("NOT" if char in "-!" else "REQ", None, i))
            i += 1
        elif char == '"':
            value, i = _phrase(text, i)
            tokens.append(_Tok("PHRASE", value, i))
        elif char in "[{":
            match = _RANGE.match(text, i)
            if not match:
                raise QueryError(f"unfinished range at position {i}")
            low, high = (_range_end(match.group(n)) for n in (2, 3))
            tokens.append(_Tok("RANGE", (low, high, match.group(1) == "[", match.group(4) == "]"), i))
            i = match.end()
        else:
            i = _word(text, i, tokens)
    return tokens


def _phrase(text: str, start: int) -> tuple[tuple, int]:
    out, i = [], start + 1
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif text[i] == '"':
            return ("".join(out),), i + 1
        else:
            out.append(text[i])
            i += 1
    raise QueryError(f"unterminated quote at position {start}")


def _range_end(raw: str) -> str | None:
    if raw == "*":
        return None
    return _phrase(raw, 0)[0][0] if raw.startswith('"') else raw


def _word(text: str, start: int, tokens: list) -> int:
    """A bare word: a field name when an unescaped ``:`` ends it, else a term."""
    parts, buf, i = [], [], start
    while i < len(text) and not text[i].isspace() and text[i] not in '()"':
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            i += 2
            continue
        if char == ":":
            if parts or not buf:
                raise QueryError(f"unexpected ':' at position {i}")
            tokens.append(_Tok("FIELD", "".join(buf), start))
            return i + 1
        if char in "*?":
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(STAR if char == "*" else ONE)
        else:
            buf.append(char)
        i += 1
    if buf:
        parts.append("".join(buf))
    word = "".join(p for p in parts if isinstance(p, str))
    if word in _OPERATORS and len(parts) == 1:
        tokens.append(_Tok(_OPERATORS[word], None, start))
    else:
        tokens.append(_Tok("TERM", tuple(parts), start))
    return i


class _Parser:
    def __init__(self, tokens: list[_Tok]):
        self.tokens, self.at, self.clauses = tokens, 0, 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Tok:
        token = self.peek()
        if token is None:
            raise QueryError("the query ends too early")
        self.at += 1
        return token

    @staticmethod
    def describe(token: _Tok) -> str:
        return f"'{token.kind}' at position {token.pos}" if token.kind in "()" else \
            f"{token.kind.lower()} at position {token.pos}"

    def expression(self, field: str | None, depth: int):
        """OR of ANDs; adjacent clauses are OR'ed, a negated or required one is AND'ed."""
        if depth > MAX_DEPTH:
            raise QueryError("the query nests too deeply")
        ors = [self.conjunction(field, depth)]
        while (token := self.peek()) is not None and token.kind != ")":
            if token.kind == "OR":
                self.take()
                ors.append(self.conjunction(field, depth))
            elif token.kind in ("NOT", "REQ"):
                left = ors[0] if len(ors) == 1 else Or(tuple(ors))
                ors = [And((left, self.conjunction(field, depth)))]
            else:
                ors.append(self.conjunction(field, depth))
        return ors[0] if len(ors) == 1 else Or(tuple(ors))

    def conjunction(self, field: str | None, depth: int):
        items = [self.unary(field, depth)]
        while (token := self.peek()) is not None and token.kind == "AND":
            self.take()
            items.append(self.unary(field, depth))
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self, field: str | None, depth: int):
        token = self.take()
        if token.kind == "NOT":
            return Not(self.unary(field, depth + 1))
        if token.kind == "REQ":
            return self.unary(field, depth + 1)
        if token.kind == "(":
            inner = self.expression(field, depth + 1)
            if self.take().kind != ")":
                raise QueryError(f"missing ')' for '(' at position {token.pos}")
            return inner
        if token.kind == "FIELD":
            return self.field_value(token.value, depth)
        return self.value(token, field)

    def field_value(self, name: str, depth: int):
        token = self.peek()
        if token is not None and token.kind == "(":
            return self.unary(name, depth + 1)
        value = self.take()
        if name in ("_exists_", "_missing_"):
            if value.kind != "TERM" or Match(None, value.value).wild:
                raise QueryError(f"{name} needs a field name")
            found = Exists(Match(None, value.value).text)
            return found if name == "_exists_" else Not(found)
        if value.kind == "RANGE":
            self._count()
            return Range(name, *value.value)
        return self.value(value, name)

    def value(self, token: _Tok, field: str | None):
        if token.kind not in ("TERM", "PHRASE"):
            raise QueryError(f"unexpected {self.describe(token)}")
        self._count()
        return Match(field, token.value, quoted=token.kind == "PHRASE")

    def _count(self) -> None:
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError(f"the query has more than {MAX_CLAUSES} clauses")
