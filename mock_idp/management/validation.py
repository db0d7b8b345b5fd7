"""Request checks with Auth0's (z-schema) wording: JSON bodies against a small schema, and
typed query-string parameters. Every problem is a 400, never a 500."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from flask import request

from .errors import ApiError, bad_body, bad_query

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TRUE, FALSE = {"true", "1"}, {"false", "0"}


@dataclass(frozen=True)
class Field:
    """What one property must be: a JSON type (or several), and optional limits."""

    type: str | tuple[str, ...]
    items: str | None = None  # JSON type of array items
    min_length: int | None = None
    max_length: int | None = None
    format: str | None = None  # "email"
    enum: tuple | None = None
    minimum: int | None = None
    maximum: int | None = None


def json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", dict: "object", list: "array"}.get(type(value), "unknown")


def _type_ok(value, expected: str | tuple[str, ...]) -> bool:
    found = json_type(value)
    allowed = (expected,) if isinstance(expected, str) else expected
    return found in allowed or (found == "integer" and "number" in allowed)


def read_json() -> dict:
    """The request body as a JSON object (an absent body is ``{}``)."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "Invalid request payload JSON format", "invalid_body") from None
    if not isinstance(body, dict):
        raise bad_body(f"'Expected type object but found type {json_type(body)}'.")
    return body


def json_body(schema: dict[str, Field], required: tuple[str, ...] = ()) -> dict:
    """Read and check the body: no unknown properties, required ones present, types right."""
    body = read_json()
    extra = [key for key in body if key not in schema]
    if extra:
        raise bad_body(f"'Additional properties not allowed: {','.join(extra)}'.")
    for key in required:
        if key not in body:
            raise bad_body(f"'Missing required property: {key}'.")
    for key, value in body.items():
        check_value(value, schema[key], key)
    return body


def check_value(value, field: Field, name: str) -> None:
    if not _type_ok(value, field.type):
        expected = field.type if isinstance(field.type, str) else "/".join(field.type)
        raise bad_body(f"'Expected type {expected} but found type {json_type(value)}' "
                       f"on property {name}.")
    if isinstance(value, str):
        _check_string(value, field, name)
    if isinstance(value, list) and field.items:
        for i, item in enumerate(value):
            check_value(item, Field(field.items), f"{name}[{i}]")
    if json_type(value) in ("integer", "number"):
        if field.minimum is not None and value < field.minimum:
            raise bad_body(f"'Value {value} is less than minimum {field.minimum}' on property {name}.")
        if field.maximum is not None and value > field.maximum:
            raise bad_body(f"'Value {value} is greater than maximum {field.maximum}' "
                           f"on property {name}.")


def _check_string(value: str, field: Field, name: str) -> None:
    if field.min_length is not None and len(value) < field.min_length:
        raise bad_body(f"'String is too short ({len(value)} chars), minimum {field.min_length}' "
                       f"on property {name}.")
    if field.max_length is not None and len(value) > field.max_length:
        raise bad_body(f"'String is too long ({len(value)} chars), maximum {field.max_length}' "
                       f"on property {name}.")
    if field.format == "email" and not EMAIL.match(value):
        raise bad_body(f"'Object didn't pass validation for format email: {value[:100]}' "
                       f"on property {name}.")
    if field.enum is not None and value not in field.enum:
        raise bad_body(f"'No enum match for: {value[:100]}' on property {name}.")


# -- query string ----------------------------------------------------------------------------


def q_int(name: str, default: int | None, minimum: int = 0, maximum: int | None = None):
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"-?\d{1,12}", raw.strip()):
        raise bad_query(f"'Expected type integer but found type string' on property {name}.")
    value = int(raw)
    if value < minimum:
        raise bad_query(f"'Number is less than minimum value ({minimum})' on property {name}.")
    if maximum is not None and value > maximum:
        raise bad_query(f"'Number is greater than maximum value ({maximum})' on property {name}.")
    return value


def q_bool(name: str, default: bool | None = None) -> bool | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise bad_query(f"'Expected type boolean but found type string' on property {name}.")


def q_str(name: str, default: str | None = None, max_length: int = 2000) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if len(raw) > max_length:
        raise bad_query(f"'String is too long ({len(raw)} chars), maximum {max_length}' "
                        f"on property {name}.")
    return raw
