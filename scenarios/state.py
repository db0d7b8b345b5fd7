"""Where `cookbook` works: the repository root and the local state directory.

The state directory (``.cookbook/`` by default) holds the services' SQLite files, their logs
and ``secrets.json``: one random secret per service and variable, generated on the first
``cookbook up`` and reused afterwards, so sessions survive a restart and nothing secret is
committed. Delete the file to rotate them.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from scenarios.services import SHARED_SECRETS, Service

PROJECT_NAME = "identity-cookbook"
SHARED_KEY = "_shared"  # secrets.json: the values several services share


def _is_root(path: Path) -> bool:
    pyproject = path / "pyproject.toml"
    return pyproject.is_file() and f'name = "{PROJECT_NAME}"' in pyproject.read_text()


def repo_root(cwd: Path | None = None) -> Path:
    """The checkout `cookbook` belongs to: beside the package, else the cwd or a parent."""
    package_parent = Path(__file__).resolve().parent.parent
    if _is_root(package_parent):
        return package_parent
    start = (cwd or Path.cwd()).resolve()
    for candidate in (start, *start.parents):
        if _is_root(candidate):
            return candidate
    raise FileNotFoundError(
        f"no {PROJECT_NAME} checkout found (a pyproject.toml naming it) beside the scenarios "
        f"package or in {start} and its parents; run cookbook from the repository"
    )


def state_path(root: Path, state_dir: str) -> Path:
    """The state directory as a path: relative settings are relative to the repo root."""
    path = Path(state_dir)
    return path if path.is_absolute() else root / path


def load_secrets(path: Path, services: Sequence[Service]) -> dict[str, dict[str, str]]:
    """Service name → {variable: secret}, creating and saving any that are missing. A
    variable of ``SHARED_SECRETS`` has one value for every service that names it."""
    stored = json.loads(path.read_text()) if path.exists() else {}
    shared = dict(stored.get(SHARED_KEY, {}))
    result: dict[str, dict[str, str]] = {}
    changed = False
    for service in services:
        values = dict(stored.get(service.name, {}))
        for variable in service.secret_env:
            bucket = shared if variable in SHARED_SECRETS else values
            if not bucket.get(variable):
                bucket[variable] = secrets.token_urlsafe(32)
                changed = True
        result[service.name] = {variable: (shared if variable in SHARED_SECRETS else values)[
            variable] for variable in service.secret_env}
        stored[service.name] = values
    if shared:
        stored[SHARED_KEY] = shared
    if changed:
        _write_private(path, json.dumps(stored, indent=2, sort_keys=True) + "\n")
    return result


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` readable by the owner only, replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(partial, path)
