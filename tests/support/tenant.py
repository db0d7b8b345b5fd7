"""Facts about the tenant files the tests rely on, read from the files themselves."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TENANTS = ROOT / "tenants"
AUDIENCE = "https://api.cookbook.local/"


@lru_cache
def demo_users() -> dict[str, dict]:
    data = yaml.safe_load((TENANTS / "main" / "users" / "demo.yaml").read_text())
    return {user["email"]: user for user in data["users"]}


def demo_password(email: str) -> str:
    return demo_users()[email]["password"]


JANE = "jane@travel0.example"  # customer: read:orders, create:orders
SAM = "sam@travel0.example"  # support: read:orders, read:reports
MAX = "max@travel0.example"  # no roles


def copy_tenant(root: Path, name: str = "main") -> Path:
    """A writable copy of ``tenants/<name>`` and ``tenants/env`` under ``root`` (for tests
    that break or extend the files on purpose); the copy's tenant directory."""
    shutil.copytree(TENANTS / name, root / name)
    shutil.copytree(TENANTS / "env", root / "env")
    return root / name


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file with ``new`` (``old`` must be there)."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
