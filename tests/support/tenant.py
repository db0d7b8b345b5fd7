"""Facts about the tenant files the tests rely on, read from the files themselves."""

from __future__ import annotations

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
