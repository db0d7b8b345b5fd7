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


def scrub(value, known: frozenset[str] = frozenset()):
    """A copy of ``value`` with the values of secret-looking keys replaced, and any of the
    tenant's ``known`` secrets (e.g. printed by an Action) cut out of every string."""
    if isinstance(value, dict):
        return {key: REDACTED if isinstance(key, str) and SECRET_KEY.search(key) and
                value_present(item) else scrub(item, known) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, known) for item in value]
    if isinstance(value, str) and known:
        for secret in known:
            if secret in value:
                value = value.replace(secret, REDACTED)
    return value


def known_secrets(spec, client_secrets) -> frozenset[str]:
    """The tenant's secret values: Action secrets, custom database configuration, the SMTP
    password and client secrets. URLs and short values are addresses or flags, not secrets."""
    values = [secret.get("value") for action in spec.section("actions")
              for secret in action.get("secrets") or []]
    values += [value for db in spec.section("databases")
               for value in ((db.get("options") or {}).get("configuration") or {}).values()]
    values.append(((spec.data.get("emailProvider") or {}).get("credentials") or {}).get("smtp_pass"))
    values += [(item.get("options") or {}).get("client_secret")
               for item in spec.section("connections")]  # enterprise IdPs' client secrets
    values += list(client_secrets)
    return frozenset(v for v in values if isinstance(v, str) and len(v) >= 8
                     and not v.startswith(("http://", "https://")))


def value_present(item) -> bool:
    return item not in (None, "", [], {})


def wrap(event: dict, known: frozenset[str] = frozenset()) -> dict:
    """One event the way Auth0's http streams deliver it."""
    return {"log_id": event.get("log_id"), "data": scrub(event, known)}


def bodies(events: list[dict], content_format: str | None,
           known: frozenset[str] = frozenset()) -> list[bytes]:
    """Request bodies for a batch: one array, one JSON-lines text, or one body per event."""
    wrapped = [wrap(event, known) for event in events]
    if content_format == "JSONOBJECT":
        return [json.dumps(item).encode() for item in wrapped]
    if content_format == "JSONLINES":
        return ["\n".join(json.dumps(item) for item in wrapped).encode()]
    return [json.dumps(wrapped).encode()]
