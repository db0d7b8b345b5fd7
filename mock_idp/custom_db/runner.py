"""One database action script run in a fresh V8 context, under one wall-clock limit that
covers the JavaScript and every HTTP call it makes.

The V8 side is the Actions engine's (same flags, a context per run, the memory cap); the
script's ``fetch`` calls come back here between evaluations and are made with ``requests`` on
worker threads, each with the time that is left, so a slow or silent server ends as a
timeout, never a hang, and the script's own timers still fire while a request is out.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from py_mini_racer import (
    JSEvalException,
    JSOOMException,
    JSParseException,
    JSTimeoutException,
    MiniRacer,
)

from ..actions.engine import ensure_engine, natives_call_line, outside_event_loop
from . import http
from .js_runtime import DB_RUNTIME_JS, wrap_script

MAX_PARALLEL = 4  # fetch calls of one script in flight at once


@dataclass
class ScriptRun:
    """What a script did: ``status`` is ok, error, timeout, unsettled, memory or missing;
    ``error`` carries the thrown/passed error's ``name``, ``message``, ``userIdOrEmail``
    and ``code``; ``profile`` what the callback returned."""

    status: str
    profile: dict | None = None
    error: dict | None = None
    logs: list[str] = field(default_factory=list)
    duration_ms: float = 0.0
    requests: int = 0


def compile_check(source: str) -> str | None:
    """V8's syntax error for a script file, or None; run at start-up like the Actions'."""
    line = natives_call_line(source)
    if line is not None:
        return f"<anonymous>:{line}: SyntaxError: V8 natives syntax is not available to scripts"
    return _parse_only(source)


@outside_event_loop
def _parse_only(source: str) -> str | None:
    """Compile the script as a function body's return value, without calling anything."""
    ensure_engine()
    context = MiniRacer()
    try:
        context.eval(f"(function () {{ return ({_trimmed(source)}\n); }})", timeout_sec=5)
    except JSParseException as exc:
        return str(exc)
    finally:
        context.close()
    return None


@outside_event_loop
def run_script(source: str, args: list, configuration: dict, *, timeout_ms: int,
               memory_mb: int, source_address: str | None = None) -> ScriptRun:
    """Call the script's function with ``args`` and a callback; never raises for script
    trouble (a throw, a timeout, the memory cap, a server that does not answer)."""
    ensure_engine()
    began = time.perf_counter()
    deadline = began + timeout_ms / 1000
    context = MiniRacer()
    try:
        context.set_hard_memory_limit(memory_mb * 1024 * 1024)
        result = _drive(context, source, args, configuration, timeout_ms, deadline,
                        source_address)
    except JSTimeoutException:
        result = ScriptRun("timeout")
        _drain(context)
    except JSOOMException:
        result = ScriptRun("memory")
    except JSEvalException as exc:
        memory = context.was_hard_memory_limit_reached()
        result = ScriptRun("memory" if memory else "error",
                           error={"name": "Error", "message": _first_line(str(exc))})
    finally:
        context.close()
    result.duration_ms = round((time.perf_counter() - began) * 1000, 2)
    return result


def _drive(context: MiniRacer, source: str, args: list, configuration: dict,
           timeout_ms: int, deadline: float, source_address: str | None) -> ScriptRun:
    """Evaluate, then trade ``fetch`` requests for responses until the script ends."""
    for code in (DB_RUNTIME_JS, _expression(source)):
        context.eval(code, timeout_sec=_remaining(deadline))
    payload = {"args": args, "configuration": configuration, "limitMs": timeout_ms}
    raw = context.eval(f"__db.run({json.dumps(json.dumps(payload))})",
                       timeout_sec=_remaining(deadline))
    pool = ThreadPoolExecutor(max_workers=MAX_PARALLEL, thread_name_prefix="custom-db-fetch")
    inflight: dict[int, Future] = {}
    count = 0
    try:
        while (data := json.loads(raw))["status"] == "fetch":
            count += len(data["requests"])
            for request in data["requests"]:
                inflight[request["id"]] = pool.submit(http.perform, request, deadline,
                                                     source_address)
            started = time.perf_counter()
            answers = _answered(inflight, _wait_limit(data.get("nextTimerMs"), deadline))
            if time.perf_counter() >= deadline:
                return ScriptRun("timeout", requests=count)
            answer = {"responses": answers,
                      "elapsedMs": round((time.perf_counter() - started) * 1000)}
            raw = context.eval(f"__db.resume({json.dumps(json.dumps(answer))})",
                               timeout_sec=_remaining(deadline))
    finally:
        # A request still out (the script's own timer won) ends by the deadline on its own.
        pool.shutdown(wait=False, cancel_futures=True)
    return ScriptRun(data["status"], profile=data.get("profile"), error=data.get("error"),
                     logs=data.get("logs") or [], requests=count)


def _wait_limit(next_timer_ms, deadline: float) -> float:
    remaining = _remaining(deadline)
    return remaining if next_timer_ms is None else min(remaining, next_timer_ms / 1000)


def _answered(inflight: dict[int, Future], timeout: float) -> list[dict]:
    """Wait until a request is answered or ``timeout`` passes; take the answered ones."""
    wait(list(inflight.values()), timeout=timeout, return_when=FIRST_COMPLETED)
    done = [request_id for request_id, future in inflight.items() if future.done()]
    return [inflight.pop(request_id).result() for request_id in done]


def _expression(source: str) -> str:
    return wrap_script(_trimmed(source))


def _trimmed(source: str) -> str:
    """A trailing ``;`` would end the expression early; Auth0's editor tolerates one."""
    return source.rstrip().rstrip(";")


def _drain(context: MiniRacer) -> None:
    """Let a terminated evaluation report back before the context closes."""
    try:
        context.eval("0", timeout_sec=1)
    except JSEvalException:
        pass


def _remaining(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.001)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "Error"
    head, _, rest = line.partition(": ")
    return (rest or head).removeprefix("Error: ")
