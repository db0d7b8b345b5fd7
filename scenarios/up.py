"""`cookbook up`: check ports, start every service, wait until ready, print, stay, stop."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from scenarios.banner import format_banner
from scenarios.ports import port_conflicts
from scenarios.services import Service, local_launcher
from scenarios.state import load_secrets
from scenarios.supervisor import (
    Child,
    Failure,
    SignalWatch,
    start_child,
    stop_all,
    supervise,
    tail,
    wait_ready,
)

EXIT_STOPPED = 0
EXIT_FAILED = 1
EXIT_PORTS = 2


def child_env(service: Service, secrets: Mapping[str, str]) -> dict[str, str]:
    """The child's environment: ours, then the service's settings and secrets."""
    return {**os.environ, "PYTHONUNBUFFERED": "1", **service.env, **secrets}


def report_failures(failures: Sequence[Failure], err: TextIO) -> None:
    """Say which service failed and show the end of its log."""
    for failure in failures:
        name = failure.child.service.name
        print(f"cookbook up: {name} {failure.reason}", file=err)
        lines = tail(failure.child.log_path)
        print(f"--- last {len(lines)} lines of {failure.child.log_path} ---", file=err)
        for line in lines:
            print(f"  {line}", file=err)
    err.flush()


def start_service(
    service: Service, secrets: Mapping[str, str], root: Path, log_dir: Path
) -> Child:
    """Start one service with gunicorn from this interpreter, cwd = the repo root."""
    argv = service.argv(local_launcher())
    env = child_env(service, secrets)
    return start_child(service, argv, env, root, log_dir / f"{service.name}.log")


def run_up(
    services: Sequence[Service],
    *,
    clients: Mapping[str, str],
    root: Path,
    state_dir: Path,
    timeout: float = 60.0,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run every service in the foreground until Ctrl-C/SIGTERM; the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    conflicts = port_conflicts(services)
    if conflicts:
        for message in conflicts:
            print(f"cookbook up: {message}", file=err)
        print("cookbook up: nothing was started.", file=err)
        return EXIT_PORTS
    log_dir = state_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    secrets = load_secrets(state_dir / "secrets.json", services)
    children: list[Child] = []
    failures: list[Failure] = []
    with SignalWatch() as watch:
        try:
            for service in services:
                children.append(start_service(service, secrets[service.name], root, log_dir))
            failures = wait_ready(children, timeout, watch)
            if not failures and not watch.stop_requested:
                print(format_banner(services, root, log_dir, clients), file=out, flush=True)
                failures = supervise(children, watch)
            if failures:
                report_failures(failures, err)
        finally:
            print("cookbook up: stopping...", file=out, flush=True)
            stop_all(children)
    print("cookbook up: stopped.", file=out, flush=True)
    return EXIT_FAILED if failures else EXIT_STOPPED
