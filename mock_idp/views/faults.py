"""One-shot faults for tests (control plane): "the tenant refuses the next call of X".

A test arms a fault with ``POST /_cookbook/faults`` ``{"method": "POST", "path":
"/api/v2/organizations/*/enabled_connections", "status": 429}``; the next request whose method
matches and whose path matches the glob (``*`` matches any characters, slashes included) gets Auth0's
Management API error body with that status instead of reaching the view, and the fault is
spent. Nothing else changes, so an application sees exactly what a busy or refusing tenant
would send, through its real HTTP client. ``GET`` lists armed faults, ``DELETE`` disarms all.
Registered only with the control plane (``MOCK_IDP_CONTROL_PLANE``), like everything under
``/_cookbook``.
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import asdict, dataclass

from flask import Blueprint, abort, current_app, jsonify, request

from ..management.errors import respond

bp = Blueprint("faults", __name__, url_prefix="/_cookbook/faults")
EXTENSION_KEY = "mock_idp.faults"
METHODS = {"GET", "POST", "PATCH", "PUT", "DELETE"}
DEFAULT_MESSAGES = {429: "Global limit has been reached", 503: "Service unavailable"}
MAX_ARMED = 50


@dataclass(frozen=True)
class Fault:
    method: str
    path: str
    status: int
    message: str
    error_code: str


class Faults:
    """The armed faults of one tenant (thread-safe; each fires once)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._armed: list[Fault] = []

    def arm(self, fault: Fault) -> None:
        with self._lock:
            if len(self._armed) >= MAX_ARMED:
                raise ValueError(f"at most {MAX_ARMED} faults may be armed")
            self._armed.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        """The first armed fault matching this request, removed; or None."""
        with self._lock:
            for fault in self._armed:
                if fault.method == method and fnmatch.fnmatchcase(path, fault.path):
                    self._armed.remove(fault)
                    return fault
        return None

    def listing(self) -> list[dict]:
        with self._lock:
            return [asdict(fault) for fault in self._armed]

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()


def _faults() -> Faults:
    return current_app.extensions[EXTENSION_KEY]


@bp.post("")
def arm():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description='Send {"method": ..., "path": ..., "status": ...}')
    method = str(body.get("method", "")).upper()
    path, status = body.get("path"), body.get("status")
    if method not in METHODS or not isinstance(path, str) or not path.startswith("/"):
        abort(400, description="method must be an HTTP method and path an absolute path glob")
    if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
        abort(400, description="status must be an HTTP error status (400-599)")
    if path.startswith("/_cookbook"):
        abort(400, description="the control plane itself cannot be made to fail")
    message = str(body.get("message") or DEFAULT_MESSAGES.get(status, "Refused by a test fault"))
    fault = Fault(method, path, status, message[:500], str(body.get("errorCode") or "")[:100])
    try:
        _faults().arm(fault)
    except ValueError as exc:
        abort(400, description=str(exc))
    return jsonify(asdict(fault)), 201


@bp.get("")
def listing():
    return jsonify(_faults().listing())


@bp.delete("")
def clear():
    _faults().clear()
    return "", 204


def _fire():
    if request.path.startswith("/_cookbook"):
        return None
    fault = _faults().take(request.method, request.path)
    if fault is None:
        return None
    return respond(fault.status, fault.message, fault.error_code or None)


def init_app(app) -> None:
    """Arm the fault list and the check that runs before every request of the tenant."""
    app.extensions[EXTENSION_KEY] = Faults()
    app.before_request(_fire)
    app.register_blueprint(bp)
