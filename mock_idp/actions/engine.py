"""One Action handler run in a fresh V8 context, with a wall-clock and a memory limit.

A context is created per execution and closed after it, so nothing one execution leaves
in JavaScript (globals, caches, prototypes) is visible to the next. V8 is started once
per process with the flags the driver needs; ``eval``/``new Function`` stay off, so an
Action cannot reach the natives syntax the driver uses.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from py_mini_racer import (
    JSEvalException,
    JSOOMException,
    JSParseException,
    JSTimeoutException,
    MiniRacer,
    init_mini_racer,
)

from .js_api import API_JS
from .js_crypto import CRYPTO_JS
from .js_runtime import RUNTIME_JS, wrap_module

V8_FLAGS = ("--single-threaded", "--allow-natives-syntax",
            "--disallow-code-generation-from-strings")
PRELUDE = CRYPTO_JS + RUNTIME_JS + API_JS
NATIVES_CALL = re.compile(r"%\s*[A-Za-z_$][\w$]*\s*\(")
OPERAND_START = set("(,;=:{}[!&|?+-*/%<>~^")


class EngineUnavailable(RuntimeError):
    """V8 was started elsewhere in this process without the flags the driver needs."""


@dataclass
class Execution:
    """What one handler did: ``status`` is ok, missing, error, timeout, unsettled or memory."""

    status: str
    calls: list = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    error: str | None = None
    duration_ms: float = 0.0


def outside_event_loop(function):
    """Run V8 work off any running asyncio loop: mini-racer's blocking calls refuse to run
    on one (Playwright's sync API keeps a loop running in the test thread)."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return call


@outside_event_loop
def ensure_engine() -> None:
    """Start V8 with the driver's flags (once per process) and check they took effect."""
    init_mini_racer(flags=V8_FLAGS, ignore_duplicate_init=True)
    context = MiniRacer()
    try:
        context.eval("%PerformMicrotaskCheckpoint(); 1")
    except JSParseException:
        raise EngineUnavailable(
            "V8 was initialised without --allow-natives-syntax before the Actions runtime "
            "started; start the Actions runtime before any other MiniRacer use") from None
    finally:
        context.close()


@outside_event_loop
def compile_check(source: str) -> str | None:
    """Parse the Action as a module without running it; the syntax error, or None."""
    line = natives_call_line(source)
    if line is not None:
        return (f"<anonymous>:{line}: SyntaxError: V8 natives syntax (%Name(...)) is not "
                "available to Actions")
    return parse_without_natives(f"(function () {{ {wrap_module(source)} }})")


# Parses ``code`` (stdin) in a V8 started WITHOUT natives syntax: if it parses there, it holds
# no %Name(...) call however it is spelled (escapes, comments), so the flag the driver needs
# in this process cannot be reached from Action code.
_PARSE_CHECK = """
import sys
from py_mini_racer import JSParseException, MiniRacer
context = MiniRacer()
try:
    context.eval(sys.stdin.read(), timeout_sec=5)
except JSParseException as exc:
    sys.stdout.write(str(exc))
finally:
    context.close()
"""


@functools.lru_cache(maxsize=256)  # a pure function of ``code``: re-parsing adds nothing
def parse_without_natives(code: str) -> str | None:
    """The parse error of ``code`` in a clean V8 (a child process), or None if it parses."""
    result = subprocess.run([sys.executable, "-c", _PARSE_CHECK], input=code, text=True,
                            capture_output=True, timeout=30, check=False)
    if result.returncode != 0:
        raise EngineUnavailable(f"the JavaScript syntax check failed to run: {result.stderr}")
    return result.stdout or None


@outside_event_loop
def execute(source: str, payload: dict, *, timeout_ms: int, memory_mb: int) -> Execution:
    """Run ``payload['handler']`` of the Action in ``source``; never raises for JS trouble."""
    began = time.perf_counter()
    deadline = began + timeout_ms / 1000
    context = MiniRacer()
    try:
        context.set_hard_memory_limit(memory_mb * 1024 * 1024)
        for code in (PRELUDE, wrap_module(source)):
            context.eval(code, timeout_sec=_remaining(deadline))
        raw = context.eval(f"__mock.run({json.dumps(json.dumps(payload))})",
                           timeout_sec=_remaining(deadline))
        result = _parse(raw)
    except JSTimeoutException:
        result = Execution("timeout")
        _drain(context)
    except JSOOMException:
        result = Execution("memory")
    except JSEvalException as exc:
        result = Execution("memory" if context.was_hard_memory_limit_reached() else "error",
                           error=_first_line(str(exc)))
    finally:
        context.close()
    result.duration_ms = round((time.perf_counter() - began) * 1000, 2)
    return result


def _drain(context: MiniRacer) -> None:
    """Let the terminated evaluation report back before the context closes: its late
    callback would otherwise land on a closed event loop."""
    try:
        context.eval("0", timeout_sec=1)
    except JSEvalException:
        pass


def natives_call_line(source: str) -> int | None:
    """The line of a ``%Name(`` call in operand position (V8 natives syntax, which the
    driver needs enabled), or None. A ``%`` after a value is the remainder operator."""
    for match in NATIVES_CALL.finditer(source):
        before = source[:match.start()].rstrip()
        if not before or before[-1] in OPERAND_START:
            return source.count("\n", 0, match.start()) + 1
    return None


def _remaining(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.001)


def _parse(raw: str) -> Execution:
    data = json.loads(raw)
    error = data.get("error") or None
    message = None
    if error:
        message = error.get("message") or error.get("name") or "Error"
    return Execution(data["status"], data.get("calls") or [], data.get("logs") or [], message)


def _first_line(text: str) -> str:
    """mini-racer's message for a top-level throw is ``<file>:<line>: Error: msg`` + source."""
    line = text.strip().splitlines()[0] if text.strip() else "Error"
    head, _, rest = line.partition(": ")
    return (rest or head).removeprefix("Error: ")
