"""The mock tenant as `cookbook up` runs it (gunicorn, its own process) for benchmarks,
so the load generator and the server do not share one interpreter lock."""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
from pathlib import Path

import requests

from scenarios.services import build_services, local_launcher
from scenarios.state import repo_root
from scenarios.supervisor import SignalWatch, start_child, stop_all, tail, wait_ready


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_tenant(tenant_dir: str | Path | None = None):
    """Yield ``(base_url, clients_by_name)`` of a throw-away copy of tenants/main (or of the
    tenant directory given, e.g. a variant of it)."""
    with tempfile.TemporaryDirectory() as state_dir, SignalWatch() as watch:
        # Every listener of the tenant on a free port (its custom-domain one included).
        ports = {"main": _free_port(), "custom": _free_port()}
        tenant = build_services(ports, state_dir=state_dir)[0]
        argv = [a for a in tenant.argv(local_launcher()) if a not in ("--access-logfile", "-")]
        env = {**os.environ, **tenant.env, "MOCK_IDP_SECRET_KEY": "bench"}
        if tenant_dir is not None:
            env["MOCK_IDP_TENANT_DIR"] = str(tenant_dir)
        child = start_child(tenant, argv, env, repo_root(), Path(state_dir) / "main.log")
        try:
            failures = wait_ready([child], 60, watch)
            if failures:
                raise RuntimeError(f"{failures[0].reason}\n" + "\n".join(tail(child.log_path)))
            clients = requests.get(f"{tenant.url}/_cookbook/clients", timeout=5).json()
            yield tenant.url, {c["name"]: c for c in clients}
        finally:
            stop_all([child])
