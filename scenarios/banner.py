"""What `cookbook up` prints once everything answers: URLs, demo logins, client ids, logs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from scenarios.association import association_lines, scrape_lines
from scenarios.services import TENANT, Service

READY_LINE = "Identity Cookbook is up."
DEMO_USERS = Path("tenants") / TENANT / "users" / "demo.yaml"
LEGACY_MEMBERS = Path("apps") / "legacy" / "demo.yaml"


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
    rows = [("email", "password", "roles", "organizations (org roles)")]
    rows += [
        (user["email"] + (f" ({user['connection']})" if user.get("connection") else ""),
         user["password"], ", ".join(user.get("roles") or []) or "(none)", _memberships(user))
        for user in data.get("users", [])
    ]
    header = (f"Demo users (tenant {TENANT}, connection {data.get('connection', '?')} "
              "unless named):")
    return [header, *_columns(rows)]


def _memberships(user: dict) -> str:
    return ", ".join(f"{m['name']} ({', '.join(m.get('roles') or []) or 'no roles'})"
                     for m in user.get("organizations") or []) or "-"


def legacy_member_lines(root: Path) -> list[str]:
    """Travel0 Classic's demo members (apps/legacy/demo.yaml): they are not in the tenant
    until they log in to Travel0 with their old password or are bulk-imported."""
    path = root / LEGACY_MEMBERS
    if not path.exists():
        return []
    members = yaml.safe_load(path.read_text()).get("members", [])
    rows = [("email", "password")] + [(m["email"], m["password"]) for m in members]
    return ["Travel0 Classic members (legacy; they move to Travel0-Classic as they log in):",
            *_columns(rows), ""]


def outbox_lines(services: Sequence[Service]) -> list[str]:
    """Where a person reads the mail the tenant sent (verification, reset links)."""
    by_name = {service.name: service for service in services}
    if "mail" not in by_name or TENANT not in by_name:
        return []
    smtp = by_name["mail"].extra_ports.get("smtp")
    outbox = f"{by_name[TENANT].url}/_cookbook/mail"
    smtp_at = f"{by_name['mail'].host}:{smtp}"
    return ["", f"Outbox: {outbox} (every email the tenant sends, through SMTP {smtp_at})"]


def operations_lines(services: Sequence[Service]) -> list[str]:
    """Where an operator watches the tenant: its operations page and the log stream's sink."""
    by_name = {service.name: service for service in services}
    if "logsink" not in by_name or TENANT not in by_name:
        return []
    return [(f"Operations: {by_name[TENANT].url}/_cookbook/operations (log streams, notices); "
            f"the log stream delivers to {by_name['logsink'].url}/")]


def format_banner(
    services: Sequence[Service], root: Path, log_dir: Path, clients: Mapping[str, str]
) -> str:
    """The full printout, ending with how to stop."""
    lines = [READY_LINE, ""]
    lines += _columns([(s.name, s.url, s.description) for s in services])
    lines += outbox_lines(services)
    lines += operations_lines(services)
    lines += ["", *demo_user_lines(root), ""]
    lines += legacy_member_lines(root)
    lines += [f"Clients of tenant {TENANT}:", *_columns(list(clients.items()))]
    lines += ["", *association_lines(services, root), "", *scrape_lines(services)]
    shown = log_dir.relative_to(root) if log_dir.is_relative_to(root) else log_dir
    lines += ["", f"Logs: {shown}/<service>.log", "Press Ctrl-C to stop."]
    return "\n".join(lines)
