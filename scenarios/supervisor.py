"""Child processes of `cookbook up`: start, wait until ready, watch, stop.

Waiting never sleeps blindly: it blocks on a pipe that the SIGINT, SIGTERM and SIGCHLD
handlers write to, so a Ctrl-C or a dying child ends the wait at once.
"""

from __future__ import annotations

import http.client
import os
import select
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from scenarios.services import Service

_WATCHED = (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD)


class SignalWatch:
    """Context manager turning stop requests and child exits into wake-ups of ``wait``."""

    def __init__(self):
        self.stop_requested = False
        self._previous: dict[int, object] = {}
        self._read_fd = self._write_fd = -1

    def __enter__(self) -> Self:
        self._read_fd, self._write_fd = os.pipe()
        os.set_blocking(self._read_fd, False)
        os.set_blocking(self._write_fd, False)
        self._previous = {sig: signal.signal(sig, self._handle) for sig in _WATCHED}
        return self

    def __exit__(self, *exc_info) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        os.close(self._read_fd)
        os.close(self._write_fd)

    def _handle(self, signum, frame) -> None:
        if signum != signal.SIGCHLD:
            self.stop_requested = True
        try:
            os.write(self._write_fd, b"\0")
        except BlockingIOError:
            pass  # the pipe is full: a wake-up is pending anyway

    def wait(self, timeout: float | None) -> None:
        """Block until a watched signal arrives or ``timeout`` seconds pass."""
        readable, _, _ = select.select([self._read_fd], [], [], timeout)
        if readable:
            try:
                while os.read(self._read_fd, 512):
                    pass
            except BlockingIOError:
                pass


@dataclass
class Child:
    """A started service process and the file its output goes to."""

    service: Service
    process: subprocess.Popen
    log_path: Path


@dataclass(frozen=True)
class Failure:
    """A service that did not come up or went down, and why."""

    child: Child
    reason: str


def start_child(
    service: Service, argv: Sequence[str], env: Mapping[str, str], cwd: Path, log_path: Path
) -> Child:
    """Start ``argv`` in its own process group, stdout and stderr into ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:  # the child keeps its own descriptor
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Ctrl-C reaches `cookbook` only, which stops the children in order.
            process_group=0,
        )
    return Child(service, process, log_path)


def probe(url: str, timeout: float = 2.0) -> tuple[bool, str]:
    """GET ``url`` once: (ready, what happened). Ready means any status below 400."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/")
        status = connection.getresponse().status
    except OSError as exc:
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()
    return status < 400, f"HTTP {status}"


def exited(children: Sequence[Child]) -> list[Failure]:
    """The children that are no longer running."""
    return [
        Failure(child, f"exited with code {child.process.returncode}")
        for child in children
        if child.process.poll() is not None
    ]


def wait_ready(children: Sequence[Child], timeout: float, watch: SignalWatch) -> list[Failure]:
    """Poll each readiness URL with exponential backoff until all answer or one fails."""
    deadline = time.monotonic() + timeout
    pending = list(children)
    last: dict[str, str] = {}
    delay = 0.05
    while pending and not watch.stop_requested:
        dead = exited(pending)
        if dead:
            return [Failure(f.child, f.reason + " before it was ready") for f in dead]
        for child in list(pending):
            ready, last[child.service.name] = probe(child.service.ready_url)
            if ready:
                pending.remove(child)
        remaining = deadline - time.monotonic()
        if pending and remaining <= 0:
            return [
                Failure(c, f"not ready after {timeout:g}s: {c.service.ready_url} gave "
                        f"{last[c.service.name]}")
                for c in pending
            ]
        if pending:
            watch.wait(min(delay, remaining))
            delay = min(delay * 2, 1.0)
    return []


def supervise(children: Sequence[Child], watch: SignalWatch) -> list[Failure]:
    """Block until a stop is requested (→ []) or a child exits (→ its failure)."""
    while not watch.stop_requested:
        dead = exited(children)
        if dead:
            return dead
        # The timeout is only a safety net: SIGCHLD and stop signals wake us at once.
        watch.wait(5.0)
    return []


def stop_all(children: Sequence[Child], timeout: float = 10.0) -> None:
    """SIGTERM every running child, wait up to ``timeout``, then kill the stragglers' groups."""
    for child in children:
        if child.process.poll() is None:
            child.process.terminate()
    deadline = time.monotonic() + timeout
    for child in children:
        try:
            child.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(child.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            child.process.wait()


def tail(path: Path, lines: int = 20) -> list[str]:
    """The last ``lines`` lines of a log file (empty when there is none)."""
    if not path.exists():
        return []
    text = path.read_bytes()[-64_000:].decode("utf-8", errors="replace")
    return text.splitlines()[-lines:]
