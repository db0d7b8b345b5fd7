"""A trigger's bound Actions run one after the other, as Auth0 runs a flow.

Each Action sees what the earlier ones changed in the user's metadata. ``access.deny``
ends the flow once the denying Action returns; ``api.redirect.sendUserTo`` pauses it
there (``resume_at`` says where ``/continue`` picks up). A throw, a timeout, a promise
that can never settle or the memory cap fails the flow, and nothing it asked for is
applied. The time limit covers the whole flow, like Auth0's per-flow limit.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field

from .. import notices
from . import engine
from .effects import Effects, merged
from .registry import HANDLERS, BoundAction, Registry

FAILURES = {
    "timeout": "Action {name} did not finish within {limit} ms",
    "unsettled": "Action {name} returned a promise that can never settle",
    "memory": "Action {name} exceeded the memory limit of {memory} MB",
}


@dataclass
class Outcome:
    """How a flow ended: ``ok``, ``denied``, ``redirect`` or ``failed``."""

    status: str
    effects: Effects
    executions: list = field(default_factory=list)
    failure: str | None = None
    resume_at: int | None = None

    def log_details(self) -> dict:
        """What the tenant log keeps of the run (``details.actions``)."""
        return {"actions": {"executions": self.executions}} if self.executions else {}


def run(registry: Registry, trigger: str, event: dict, *, context: dict | None = None,
        start: int = 0, effects: Effects | None = None, first_handler: str | None = None,
        ) -> Outcome:
    """Run the Actions bound to ``trigger`` from position ``start``."""
    effects = effects or Effects()
    event = copy.deepcopy(event)
    _show_metadata(event, effects)  # a resumed flow carries the changes made before /continue
    outcome = Outcome("ok", effects)
    deadline = time.monotonic() + registry.timeout_ms / 1000
    actions = registry.bound(trigger)
    for index in range(start, len(actions)):
        handler = first_handler if index == start and first_handler else HANDLERS[trigger]
        execution = _execute(registry, actions[index], trigger, handler, event, context, deadline)
        outcome.executions.append(_summary(actions[index], trigger, handler, execution))
        if execution.status not in ("ok", "missing"):
            outcome.status = "failed"
            outcome.failure = _failure(registry, actions[index], execution)
            notices.action_failed(trigger, actions[index].name, outcome.failure, event)
            return outcome
        effects.absorb(trigger, execution.calls)
        _show_metadata(event, effects)
        if effects.deny is not None:
            outcome.status = "denied"
            return outcome
        if effects.redirect is not None:
            outcome.status, outcome.resume_at = "redirect", index
            return outcome
    return outcome


def _execute(registry: Registry, action: BoundAction, trigger: str, handler: str, event: dict,
             context: dict | None, deadline: float) -> engine.Execution:
    remaining = int((deadline - time.monotonic()) * 1000)
    if remaining <= 0:
        return engine.Execution("timeout")
    payload = {**(context or {}), "trigger": trigger, "handler": handler, "limitMs": remaining,
               "event": {**event, "secrets": dict(action.secrets)}}
    payload.setdefault("nowSeconds", int(time.time()))
    return engine.execute(action.source, payload, timeout_ms=remaining,
                          memory_mb=registry.memory_mb)


def _show_metadata(event: dict, effects: Effects) -> None:
    """Later Actions see earlier ``setUserMetadata``/``setAppMetadata`` calls."""
    user = event.get("user")
    if user is not None:
        user["user_metadata"] = merged(user.get("user_metadata"), effects.user_metadata)
        user["app_metadata"] = merged(user.get("app_metadata"), effects.app_metadata)


def _summary(action: BoundAction, trigger: str, handler: str, execution) -> dict:
    summary = {"action_name": action.name, "trigger": trigger, "handler": handler,
               "status": execution.status, "duration_ms": execution.duration_ms,
               "logs": execution.logs}
    if execution.error:
        summary["error"] = execution.error
    return summary


def _failure(registry: Registry, action: BoundAction, execution) -> str:
    if execution.status == "error":
        return execution.error or f"Action {action.name} failed"
    return FAILURES[execution.status].format(name=action.name, limit=registry.timeout_ms,
                                             memory=registry.memory_mb)
