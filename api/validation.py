"""Strict JSON body checks shared by the API's write endpoints: every failure is a 400
``invalid_request`` that says which field is wrong and why."""

from __future__ import annotations

import unicodedata

from flask import request

from .errors import ApiError


def json_object(allowed: set[str]) -> dict:
    """The request's JSON object with no fields beyond ``allowed``, else a 400 ApiError."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # silent=True only covers ValueError; absurd nesting lands here
        body = None
    if not isinstance(body, dict):
        raise invalid("The body must be a JSON object (Content-Type: application/json)")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise invalid(f"Unknown field(s): {', '.join(unknown)[:200]}")
    return body


def text_field(body: dict, name: str, max_length: int) -> str:
    """A non-blank string of 1..``max_length`` characters without control characters."""
    value = body.get(name)
    if not isinstance(value, str) or not 1 <= len(value) <= max_length:
        raise invalid(f"'{name}' must be a string of 1 to {max_length} characters")
    if not value.strip() or any(unicodedata.category(c) in {"Cc", "Cs"} for c in value):
        # Cs: a lone surrogate from a JSON "\ud800" escape cannot be stored as UTF-8.
        raise invalid(f"'{name}' must not be blank or contain control characters")
    return value


def int_field(body: dict, name: str, allowed: range) -> int:
    """An integer (not a boolean) inside ``allowed``."""
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value not in allowed:
        raise invalid(f"'{name}' must be an integer from {allowed.start} to {allowed.stop - 1}")
    return value


def invalid(description: str) -> ApiError:
    return ApiError(400, "invalid_request", description)
