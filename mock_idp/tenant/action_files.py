"""The Actions' JavaScript files named by ``actions[].code``, read and compiled once at start.

Paths are relative to ``tenant.yaml`` and must stay inside the tenant directory. Keywords
are replaced in the code as in ``tenant.yaml`` (auth0-deploy-cli does the same). A file
that does not parse stops start-up with the file, the line and V8's message, instead
of failing the first login that runs it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import TenantFileError
from .keywords import replace_keywords

MAX_CODE_BYTES = 100 * 1024  # Auth0: "Each Action should not exceed 100 kB"
V8_LOCATION = re.compile(r"^<anonymous>:(\d+): (.*)$")


def read_action_code(directory: Path, tenant_file: Path, data: dict, mappings: dict,
                     env_file: Path) -> dict[str, str]:
    """Action name to source, for every action in ``data``; raise ``TenantFileError``."""
    from ..actions.engine import compile_check, ensure_engine

    actions = data.get("actions") or []
    if actions:
        ensure_engine()
    sources = {}
    root = directory.resolve()
    for i, action in enumerate(actions):
        path = (directory / action["code"]).resolve()
        if not path.is_relative_to(root):
            raise TenantFileError(tenant_file, f"actions[{i}].code",
                                  f"{action['code']!r} is outside the tenant directory")
        try:
            source = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise TenantFileError(tenant_file, f"actions[{i}].code",
                                  f"code file {action['code']} not found") from None
        if len(source.encode()) > MAX_CODE_BYTES:
            raise TenantFileError(path, "file", "an Action may not exceed 100 kB")
        source = replace_keywords(source, mappings, path, env_file)
        problem = compile_check(source)
        if problem is not None:
            raise TenantFileError(path, *_where(problem))
        sources[action["name"]] = source
    return sources


def _where(problem: str) -> tuple[str, str]:
    """V8's ``<anonymous>:3: SyntaxError: ...`` as ("line 3", "SyntaxError: ...")."""
    first = problem.strip().splitlines()[0]
    match = V8_LOCATION.match(first)
    if match:
        return f"line {match.group(1)}", match.group(2)
    return "file", first
