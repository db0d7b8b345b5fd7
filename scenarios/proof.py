"""Checking the catalog's proofs: named tests exist, carry the marker, and marker ids exist.

Collection runs pytest in a subprocess over only the files the catalog names, so the check
stays fast and sees the tests exactly as a test run would (parametrize ids, class nesting).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scenarios.catalog import Scenario
from scenarios.collect_plugin import OUTPUT_ENV

Collected = Mapping[str, Sequence[str]]  # node id → scenario ids of its markers


class CollectionError(RuntimeError):
    """pytest could not collect the named files; the message carries its output."""


@dataclass(frozen=True)
class MarkerUse:
    """One ``pytest.mark.scenario(...)`` call found in a test file."""

    path: Path
    line: int
    ids: tuple[str, ...] | None  # None when the file does not spell an id out


def node_file(node_id: str) -> str:
    """The file part of a pytest node id."""
    return node_id.split("::", 1)[0]


def collect(files: Iterable[str], root: Path, timeout: float = 120.0) -> dict[str, list[str]]:
    """Collect ``files`` (relative to ``root``) with pytest; node id → scenario ids."""
    files = sorted(set(files))
    if not files:
        return {}
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "collected.json"
        command = [
            sys.executable, "-m", "pytest", "--collect-only", "-q",
            "-p", "scenarios.collect_plugin", "-p", "no:cacheprovider", *files,
        ]
        result = subprocess.run(
            command, check=False, cwd=root, env={**os.environ, OUTPUT_ENV: str(output)},
            capture_output=True, text=True, timeout=timeout,
        )
        if result.returncode not in (0, 5) or not output.exists():
            raise CollectionError(
                f"pytest collection of {' '.join(files)} failed (exit {result.returncode}):\n"
                + result.stdout[-4000:] + result.stderr[-2000:]
            )
        return json.loads(output.read_text())


def matching(node_id: str, collected: Collected) -> list[str]:
    """Collected ids ``node_id`` names: itself, or all its parametrized cases."""
    return [n for n in collected if n == node_id or n.startswith(node_id + "[")]


def proof_problems(scenarios: Sequence[Scenario], root: Path) -> list[str]:
    """Every way the done entries' proofs fail: no test, missing test, missing marker."""
    done = [s for s in scenarios if s.status == "done"]
    problems = [f"{s.id}: status done but no proving test listed" for s in done if not s.tests]
    node_ids = {(s.id, n) for s in done for n in s.tests}
    missing_files = {node_file(n) for _, n in node_ids if not (root / node_file(n)).is_file()}
    problems += [f"{sid}: {n}: no such file" for sid, n in sorted(node_ids)
                 if node_file(n) in missing_files]
    present = {n for _, n in node_ids if node_file(n) not in missing_files}
    collected = collect((node_file(n) for n in present), root)
    for scenario_id, node_id in sorted(node_ids):
        if node_id not in present:
            continue
        found = matching(node_id, collected)
        if not found:
            problems.append(f"{scenario_id}: {node_id}: pytest collects no such test")
        problems += [
            f"{scenario_id}: {n} lacks @pytest.mark.scenario({scenario_id!r})"
            for n in found if scenario_id not in collected[n]
        ]
    return problems


def _is_scenario_mark(func: ast.expr) -> bool:
    """``pytest.mark.scenario`` or ``mark.scenario``."""
    if not (isinstance(func, ast.Attribute) and func.attr == "scenario"):
        return False
    owner = func.value
    return (isinstance(owner, ast.Attribute) and owner.attr == "mark") or (
        isinstance(owner, ast.Name) and owner.id == "mark"
    )


def _string_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` assignments, to resolve ids held in constants."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        else:
            continue
        value = node.value
        is_text = isinstance(value, ast.Constant) and isinstance(value.value, str)
        if isinstance(target, ast.Name) and is_text:
            constants[target.id] = value.value
    return constants


def _literal_ids(args: list[ast.expr], constants: Mapping[str, str]) -> tuple[str, ...] | None:
    """The marker's ids when each is a string literal or a module string constant."""
    ids = []
    for arg in args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            ids.append(arg.value)
        elif isinstance(arg, ast.Name) and arg.id in constants:
            ids.append(constants[arg.id])
        else:
            return None
    return tuple(ids) if ids else None


def marker_uses(test_root: Path) -> list[MarkerUse]:
    """Every scenario marker written in the ``.py`` files under ``test_root`` (no imports)."""
    uses = []
    for path in sorted(test_root.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        constants = _string_constants(tree)
        uses += [
            MarkerUse(path, node.lineno, _literal_ids(node.args, constants))
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _is_scenario_mark(node.func)
        ]
    return uses


def marker_problems(uses: Sequence[MarkerUse], known_ids: set[str], root: Path) -> list[str]:
    """Markers naming no catalog id. Ids the source does not spell out are read by collecting
    the files they are in (only those)."""
    unresolved = sorted({use.path for use in uses if use.ids is None})
    problems = [
        f"{use.path.relative_to(root)}:{use.line}: unknown scenario id {i!r}"
        for use in uses if use.ids is not None and use.path not in unresolved
        for i in use.ids if i not in known_ids
    ]
    collected = collect((str(path.relative_to(root)) for path in unresolved), root)
    unknown = {
        (node_id.split("[", 1)[0], i)
        for node_id, ids in collected.items() for i in ids if i not in known_ids
    }
    problems += [f"{node_id}: unknown scenario id {i!r}" for node_id, i in sorted(unknown)]
    return problems
