"""Operator notices: things an operator must hear about, recorded as tenant log events of
the nearest Auth0 type so they show in ``/api/v2/logs``, in log streams and on the
operations page (``/_cookbook/operations``).

| notice | type | when |
|---|---|---|
| Management API rate limit reached | ``api_limit`` | a caller got a 429 (once a minute per caller) |
| Management API rate limit near | ``api_limit_warning`` | a caller used 80 % of its bucket (once a minute) |
| an Action failed | ``actions_execution_failed`` | every failed execution |
| signing key past its rotation age | ``depnote`` | once a day while it stays in use |
| a log stream suspended | ``fn`` | a stream failed ``LOG_STREAM_MAX_FAILURES`` times in a row |

Auth0 publishes no tenant-log type for stream health or key age (its Dashboard shows them);
``fn`` (a notification the tenant failed to send) and ``depnote`` are the closest codes.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

from flask import current_app, has_app_context
from sqlalchemy import select

from . import logs
from .models import SigningKey

TYPES = ("api_limit", "api_limit_warning", "actions_execution_failed", "depnote", "fn")
WARNING_SHARE = 0.8  # Auth0 warns when 80 % of a bucket's tokens are used
RATE_NOTICE_EVERY = 60
KEY_NOTICE_EVERY = 86400
KEY_CHECK_EVERY = 3600


class NoticeBook:
    """Remembers when each notice was last given, so a flood of causes gives one notice."""

    def __init__(self):
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def due(self, key: str, now: float, every: float) -> bool:
        with self._lock:
            if now - self._last.get(key, float("-inf")) < every:
                return False
            if len(self._last) > 10_000:
                self._last.clear()
            self._last[key] = now
            return True


def init_app(app) -> None:
    app.extensions["mock_idp.notices"] = NoticeBook()
    app.before_request(_maybe_check_key)
    with app.app_context():
        check_signing_key()


def _book() -> NoticeBook:
    return current_app.extensions["mock_idp.notices"]


def _now() -> float:
    return current_app.extensions["mock_idp.clock"].time()


def rate_limit(client_id: str | None, verdict, path: str) -> None:
    """``api_limit`` on a refusal, ``api_limit_warning`` when the bucket runs low."""
    if verdict.allowed and verdict.remaining > verdict.limit * (1 - WARNING_SHARE):
        return
    kind = "api_limit" if not verdict.allowed else "api_limit_warning"
    if not _book().due(f"{kind}:{client_id}", _now(), RATE_NOTICE_EVERY):
        return
    description = ("Global limit has been reached" if kind == "api_limit" else
                   f"{int(WARNING_SHARE * 100)}% of the Management API rate limit is used")
    logs.write(kind, description=description, user_name=f"{client_id}@clients" if client_id else None,
               details={"api": "management", "path": path, "limit": verdict.limit,
                        "remaining": verdict.remaining, "reset": verdict.reset,
                        "client_id": client_id})


def action_failed(trigger: str, action_name: str, failure: str | None,
                  event: dict | None = None) -> None:
    """Every failed Action execution, as Auth0 logs it (no-op outside a tenant), naming the
    application and, in an organization login, the organization it failed for."""
    if not has_app_context() or "mock_idp.db" not in current_app.extensions:
        return
    client, org = (event or {}).get("client") or {}, (event or {}).get("organization") or {}
    logs.write("actions_execution_failed",
               description=f"Action {action_name} ({trigger}) failed",
               client=SimpleNamespace(client_id=client.get("client_id"), name=client.get("name")),
               organization=SimpleNamespace(id=org["id"], name=org.get("name")) if org.get(
                   "id") else None,
               details={"trigger_id": trigger, "action_name": action_name,
                        "error": {"message": (failure or "")[:500]}})


def stream_suspended(stream_id: str, name: str, failures: int, problem: str | None) -> None:
    logs.write("fn", description=f"Log stream {name} suspended after {failures} failed "
                                 "deliveries",
               details={"log_stream": {"id": stream_id, "name": name, "status": "suspended"},
                        "failures": failures, "error": {"message": problem}})


def _maybe_check_key() -> None:
    if _book().due("key-check", _now(), KEY_CHECK_EVERY):
        check_signing_key()


def check_signing_key() -> None:
    """``depnote`` when the signing key in use is older than ``SIGNING_KEY_ROTATION_DAYS``."""
    days = int(current_app.config["SIGNING_KEY_ROTATION_DAYS"])
    if days <= 0:
        return
    with current_app.extensions["mock_idp.db"]() as db:
        key = db.scalar(select(SigningKey).where(SigningKey.status == "current"))
    if key is None:
        return
    now = _now()
    age = now - (key.current_since or key.created_at)
    if age < days * 86400 or not _book().due(f"key:{key.kid}", now, KEY_NOTICE_EVERY):
        return
    logs.write("depnote", description=f"The signing key {key.kid} is {int(age // 86400)} days "
                                      f"old; rotate it (rotation age: {days} days)",
               details={"signing_key": {"kid": key.kid, "age_days": int(age // 86400),
                                        "rotation_days": days}})
