"""What a stream sends: each event as Auth0 wraps it (``{"log_id", "data"}``), in the
sink's content format, with anything secret-looking removed on the way out.

Events are written without secrets in the first place (``mock_idp.logs``); the scrub here is
the second line: a key that names a password, token, ticket, code or secret never leaves the
tenant with its value, wherever it sits in the event.
"""

from __future__ import annotations

import json
import re

SECRET_KEY = re.compile(
    r"(pass(word|wd)?|secret|token|ticket|authori[sz]ation|cookie|otp|recovery|"
    r"^code$|_code$|code_verifier|assertion|private|api_?key|hash)", re.IGNORECASE)
REDACTED = "[redacted]"


def scrub(value):
    """A copy of ``value`` with the values of secret-looking keys replaced."""
    if isinstance(value, dict):
        return {key: REDACTED if isinstance(key, str) and SECRET_KEY.search(key) and
                value_present(item) else scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


def value_present(item) -> bool:
    return item not in (None, "", [], {})


def wrap(event: dict) -> dict:
    """One event the way Auth0's http streams deliver it."""
    return {"log_id": event.get("log_id"), "data": scrub(event)}


def bodies(events: list[dict], content_format: str | None) -> list[bytes]:
    """Request bodies for a batch: one array, one JSON-lines text, or one body per event."""
    wrapped = [wrap(event) for event in events]
    if content_format == "JSONOBJECT":
        return [json.dumps(item).encode() for item in wrapped]
    if content_format == "JSONLINES":
        return ["\n".join(json.dumps(item) for item in wrapped).encode()]
    return [json.dumps(wrapped).encode()]
