"""Tenant log events with Auth0's type codes and event shape.

Events are written in their own database session, so a failure that rolls back the
request's work is still logged. Never pass a token, code or password in ``details``.
Events of an organization login name it at the top level (``organization_id``,
``organization_name``), as Auth0's do, so a log search or a stream filter can pick one
customer's logins.
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime

from flask import current_app, has_request_context, request
from sqlalchemy import insert

from .models import LogEvent
from .monitoring import count_log_event

DESCRIPTIONS = {
    "s": "Successful login",
    "f": "Failed login",
    "fp": "Wrong email or password",
    "fu": "Wrong email or password (no such user)",
    "ssa": "Successful silent authentication",
    "fsa": "Failed silent authentication",
    "seacft": "Exchanged an authorization code for an access token",
    "feacft": "Failed to exchange an authorization code for an access token",
    "seccft": "Exchanged client credentials for an access token",
    "feccft": "Failed to exchange client credentials for an access token",
    "sertft": "Exchanged a refresh token for an access token",
    "fertft": "Failed to exchange a refresh token for an access token",
    "ferrt": "A rotated refresh token was reused; its whole family is revoked",
    "slo": "User logged out",
    "flo": "Logout failed",
    "ss": "Successful signup",
    "fs": "Failed signup",
    "w": "Warnings During Login",
    "scp": "Success Change Password",
    "fcp": "Failed Change Password",
    "scpr": "Success Change Password Request",
    "fcpr": "Failed Change Password Request",
    "sv": "Success Verification Email",
    "fv": "Failed Verification Email",
    "fn": "Failed Sending Notification",
    "sapi": "Success API Operation",
    "fapi": "Failed API Operation",
    "sdu": "Successful User Deletion",
    "si": "Successful invite accept",
    "fi": "Failed invite accept",
}


def _request_fields() -> dict:
    if not has_request_context():
        return {}
    return {
        "ip": request.remote_addr,
        "user_agent": request.user_agent.string or None,
        "hostname": request.host,
    }


def write(event_type: str, *, description: str | None = None, client=None, user=None,
          connection: str | None = None, audience: str | None = None, scope: str | None = None,
          details: dict | None = None, user_name: str | None = None,
          organization=None) -> str:
    """Record one event and return its ``log_id``."""
    clock = current_app.extensions["mock_idp.clock"]
    stamp = datetime.fromtimestamp(clock.time(), tz=UTC)
    data = {
        "date": stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "type": event_type,
        "description": description or DESCRIPTIONS.get(event_type, event_type),
        "client_id": getattr(client, "client_id", None),
        "client_name": getattr(client, "name", None),
        "user_id": getattr(user, "user_id", None),
        "user_name": user_name or getattr(user, "email", None),
        "connection": connection or getattr(user, "connection", None),
        "audience": audience,
        "scope": scope,
        "details": details or {},
        "organization_id": getattr(organization, "id", None),
        "organization_name": getattr(organization, "name", None),
        **_request_fields(),
    }
    data = {key: value for key, value in data.items() if value is not None}
    # Auth0 log ids are 56 digits that sort by time; nanoseconds and a random tail keep
    # ids unique and ordered without a database round trip.
    log_id = f"900{stamp:%Y%m%d%H%M%S}{time.time_ns() % 10**9:09d}{secrets.randbelow(10**30):030d}"
    data["log_id"] = log_id
    with current_app.extensions["mock_idp.db"]() as db:
        db.execute(insert(LogEvent).values(log_id=log_id, date=data["date"], type=event_type,
                                           user_id=data.get("user_id"),
                                           client_id=data.get("client_id"), data=data))
        db.commit()
    count_log_event(event_type)
    streams = current_app.extensions.get("mock_idp.log_streams")
    if streams is not None:
        streams.wake()  # delivery happens on the worker's thread, never in this request
    return log_id
