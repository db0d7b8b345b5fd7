"""What a log stream definition may hold, shared by the tenant files (``logStreams``) and
``/api/v2/log-streams``: one checker that returns the first problem with its path.

The field names are Auth0's (``sink.httpEndpoint``, ``httpContentFormat``, ...). Auth0 has
more stream types (Datadog, Splunk, EventBridge, ...); the mock delivers ``http`` only and
says so instead of accepting a stream it would never deliver.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .filters import CATEGORIES

TYPES = {"http"}
AUTH0_TYPES = {"http", "eventbridge", "eventgrid", "datadog", "splunk", "sumo", "segment",
               "mixpanel"}
STATUSES = {"active", "paused", "suspended"}
FORMATS = {"JSONARRAY", "JSONLINES", "JSONOBJECT"}
SINK_FIELDS = {"httpEndpoint", "httpContentType", "httpContentFormat", "httpAuthorization",
               "httpCustomHeaders"}
MAX_TEXT = 2048


class Problem(ValueError):
    """``where`` (e.g. ``sink.httpEndpoint``) and what is wrong there."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


def check_type(value) -> str:
    if value not in AUTH0_TYPES:
        raise Problem("type", f"{value!r} is not one of {', '.join(sorted(AUTH0_TYPES))}")
    if value not in TYPES:
        raise Problem("type", f"{value!r} streams are not delivered by the mock; use 'http'")
    return value


def check_status(value) -> str:
    if value not in STATUSES:
        raise Problem("status", f"{value!r} is not one of {', '.join(sorted(STATUSES))}")
    return value


def check_sink(sink, partial: bool = False) -> dict:
    """An http sink: an absolute http(s) endpoint, a known format, text headers."""
    if not isinstance(sink, dict):
        raise Problem("sink", "must be an object")
    for key in sink:
        if key not in SINK_FIELDS:
            raise Problem(f"sink.{key}", f"unknown property (known: {', '.join(sorted(SINK_FIELDS))})")
    if "httpEndpoint" in sink or not partial:
        _endpoint(sink.get("httpEndpoint"))
    for key in ("httpContentType", "httpAuthorization"):
        value = sink.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT
                                  or "\r" in value or "\n" in value):
            raise Problem(f"sink.{key}", "must be one line of text")
    if sink.get("httpContentFormat") is not None and sink["httpContentFormat"] not in FORMATS:
        raise Problem("sink.httpContentFormat",
                      f"{sink['httpContentFormat']!r} is not one of {', '.join(sorted(FORMATS))}")
    _custom_headers(sink.get("httpCustomHeaders"))
    return sink


def _endpoint(url) -> None:
    if not isinstance(url, str) or not url.strip():
        raise Problem("sink.httpEndpoint", "is required (the webhook's URL)")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > MAX_TEXT:
        raise Problem("sink.httpEndpoint", f"{url[:100]!r} is not an absolute http(s) URL")


def _custom_headers(headers) -> None:
    if headers is None:
        return
    if not isinstance(headers, list):
        raise Problem("sink.httpCustomHeaders", "must be a list of {header, value}")
    for i, item in enumerate(headers):
        where = f"sink.httpCustomHeaders[{i}]"
        if not isinstance(item, dict) or set(item) - {"header", "value"}:
            raise Problem(where, "must be {header, value}")
        for key in ("header", "value"):
            if not isinstance(item.get(key), str) or "\r" in item[key] or "\n" in item[key]:
                raise Problem(f"{where}.{key}", "must be one line of text")


def check_filters(filters) -> list:
    if filters is None:
        return []
    if not isinstance(filters, list):
        raise Problem("filters", "must be a list of {type: category, name}")
    for i, item in enumerate(filters):
        if not isinstance(item, dict) or set(item) - {"type", "name"}:
            raise Problem(f"filters[{i}]", "must be {type: category, name}")
        if item.get("type") != "category":
            raise Problem(f"filters[{i}].type", "must be 'category'")
        if item.get("name") not in CATEGORIES:
            raise Problem(f"filters[{i}].name",
                          f"{item.get('name')!r} is not one of {', '.join(sorted(CATEGORIES))}")
    return filters


def check_stream(stream) -> dict:
    """A whole definition as the tenant files write it (name, type, status, sink, filters)."""
    if not isinstance(stream, dict):
        raise Problem("", "must be a mapping")
    known = {"name", "type", "status", "sink", "filters", "isPriority"}
    for key in stream:
        if key not in known:
            raise Problem(key, f"unknown property (known: {', '.join(sorted(known))})")
    if not isinstance(stream.get("name"), str) or not stream["name"].strip():
        raise Problem("name", "must be a non-empty string")
    check_type(stream.get("type"))
    if stream.get("status") is not None:
        check_status(stream["status"])
    check_sink(stream.get("sink"))
    check_filters(stream.get("filters"))
    if not isinstance(stream.get("isPriority", False), bool):
        raise Problem("isPriority", "must be true or false")
    return stream
