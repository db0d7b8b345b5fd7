"""What `cookbook up` prints once everything answers: URLs, demo logins, client ids, logs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from scenarios.services import TENANT, Service

READY_LINE = "Identity Cookbook is up."
DEMO_USERS = Path("tenants") / TENANT / "users" / "demo.yaml"


def _columns(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
        for row in rows
    ]


def demo_user_lines(root: Path) -> list[str]:
    """The tenant's demo logins from ``tenants/main/users/demo.yaml``."""
    path = root / DEMO_USERS
    if not path.exists():
        return [f"  (no demo users: {DEMO_USERS} is missing)"]
    data = yaml.safe_load(path.read_text())
    rows = [("email", "password", "roles")]
    rows += [
        (user["email"], user["password"], ", ".join(user.get("roles") or []) or "(none)")
        for user in data.get("users", [])
    ]
    header = f"Demo users (tenant {TENANT}, connection {data.get('connection', '?')}):"
    return [header, *_columns(rows)]


def format_banner(
    services: Sequence[Service], root: Path, log_dir: Path, clients: Mapping[str, str]
) -> str:
    """The full printout, ending with how to stop."""
    lines = [READY_LINE, ""]
    lines += _columns([(s.name, s.url, s.description) for s in services])
    lines += ["", *demo_user_lines(root), ""]
    lines += [f"Clients of tenant {TENANT}:", *_columns(list(clients.items()))]
    shown = log_dir.relative_to(root) if log_dir.is_relative_to(root) else log_dir
    lines += ["", f"Logs: {shown}/<service>.log", "Press Ctrl-C to stop."]
    return "\n".join(lines)
