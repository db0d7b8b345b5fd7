"""auth0-deploy-cli keyword replacement: ``##KEY##`` inserts a value, ``@@KEY@@`` its JSON.

Replacement happens on the raw file text before parsing, as deploy-cli does it, so
``@@KEY@@`` can stand for a whole list or object.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .errors import TenantFileError

KEYWORD = re.compile(r"(##|@@)([A-Za-z_][A-Za-z0-9_]*)\1")


def load_mappings(env_file: Path, overrides: dict | None = None, environ=None) -> dict:
    """Read ``tenants/env/<env>.json`` and lay run-time values (ports, URLs) over it.

    A value written ``{"fromEnv": "NAME"}`` (optionally with ``"default"``) is read from the
    environment variable NAME: that is how secrets are referenced without living in the
    repository.
    """
    try:
        mappings = json.loads(env_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TenantFileError(env_file, "file", "keyword file not found") from None
    except json.JSONDecodeError as exc:
        raise TenantFileError(
            env_file, f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}"
        ) from None
    if not isinstance(mappings, dict):
        raise TenantFileError(env_file, "top level", "must be a JSON object of KEY: value")
    environ = os.environ if environ is None else environ
    for key, value in mappings.items():
        # A run-time value replaces the reference, which then need not be resolvable
        # (e.g. `cookbook up --env qa` points the provider at the local mail sink).
        if isinstance(value, dict) and "fromEnv" in value and key not in (overrides or {}):
            mappings[key] = _from_environment(env_file, key, value, environ)
    mappings.update(overrides or {})
    return mappings


def _from_environment(env_file: Path, key: str, ref: dict, environ) -> object:
    name = ref["fromEnv"]
    if not isinstance(name, str) or set(ref) - {"fromEnv", "default"}:
        raise TenantFileError(env_file, key, 'write {"fromEnv": "VARIABLE"} with an optional '
                              '"default"')
    if name in environ:
        return environ[name]
    if "default" in ref:
        return ref["default"]
    raise TenantFileError(env_file, key, f"needs the environment variable {name}")


def replace_keywords(text: str, mappings: dict, path: Path, env_file: Path) -> str:
    """Substitute every keyword; an unknown one is an error naming its line."""

    def substitute(match: re.Match) -> str:
        marker, key = match.group(1), match.group(2)
        if key not in mappings:
            line = text.count("\n", 0, match.start()) + 1
            raise TenantFileError(
                path, f"line {line}", f"keyword {match.group(0)} has no value in {env_file}"
            )
        value = mappings[key]
        if marker == "@@" or not isinstance(value, str):
            return json.dumps(value)
        return value

    return KEYWORD.sub(substitute, text)
