"""The scenario catalog (catalog.yaml): loading, validation, and the `cookbook scenarios` table."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

CATALOG_FILE = Path(__file__).with_name("catalog.yaml")
TRACKS = ("b2c", "b2b")
PHASES = (1, 2, 3)
STATUSES = ("planned", "in-progress", "done")
ID_PATTERN = re.compile(r"^(b2c|b2b)\.phase([123])\.([a-z]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)$")
NODE_ID_PATTERN = re.compile(r"^tests/[\w/.-]+\.py::[\w:]+(\[.*\])?$")
FIELDS = (
    "id", "track", "phase", "workstream", "title", "explanation", "status",
    "demonstrated_in", "tests",
)


class CatalogError(ValueError):
    """The catalog file is malformed; the message lists every problem found."""


@dataclass(frozen=True)
class Scenario:
    """One cookbook topic: what it is, how far it is, where it is shown and proved."""

    id: str
    track: str
    phase: int
    workstream: str
    title: str
    explanation: str
    status: str
    demonstrated_in: tuple[str, ...]
    tests: tuple[str, ...]


def _entry_problems(entry: dict) -> list[str]:
    """Everything wrong with one raw catalog entry."""
    where = f"entry {entry.get('id', '?')!r}"
    missing = [key for key in FIELDS if key not in entry]
    extra = sorted(set(entry) - set(FIELDS))
    problems = [f"{where}: missing {key}" for key in missing]
    problems += [f"{where}: unknown field {key}" for key in extra]
    if missing:
        return problems
    match = ID_PATTERN.match(str(entry["id"]))
    if not match:
        return problems + [f"{where}: id is not <track>.phase<N>.<workstream>.<topic>"]
    track, phase, workstream = match.group(1), int(match.group(2)), match.group(3)
    if (entry["track"], entry["phase"], entry["workstream"]) != (track, phase, workstream):
        problems.append(f"{where}: track/phase/workstream disagree with the id")
    if entry["status"] not in STATUSES:
        problems.append(f"{where}: status must be one of {', '.join(STATUSES)}")
    for key in ("title", "explanation"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            problems.append(f"{where}: {key} must be a non-empty string")
    for key in ("demonstrated_in", "tests"):
        value = entry[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}: {key} must be a list of strings")
    for node_id in entry["tests"] if isinstance(entry["tests"], list) else ():
        if not NODE_ID_PATTERN.match(str(node_id)):
            problems.append(f"{where}: {node_id!r} is not a pytest node id (tests/...py::name)")
    return problems


def parse_catalog(data: object) -> list[Scenario]:
    """Validate the loaded YAML and build the scenarios; CatalogError lists all problems."""
    entries = data.get("scenarios") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CatalogError("catalog: expected a top-level `scenarios:` list")
    problems = []
    for entry in entries:
        if not isinstance(entry, dict):
            problems.append(f"not a mapping: {entry!r}")
            continue
        problems += _entry_problems(entry)
    counts = Counter(e.get("id") for e in entries if isinstance(e, dict))
    problems += [f"duplicate id {i!r}" for i, n in counts.items() if n > 1]
    if problems:
        raise CatalogError("catalog:\n  " + "\n  ".join(problems))
    lists = ("demonstrated_in", "tests")
    return [Scenario(**{**e, **{key: tuple(e[key]) for key in lists}}) for e in entries]


def load_catalog(path: Path = CATALOG_FILE) -> list[Scenario]:
    """The scenarios of ``path`` (the packaged catalog.yaml by default), validated."""
    return parse_catalog(yaml.safe_load(path.read_text()))


def select(
    scenarios: Iterable[Scenario], track: str | None = None, status: str | None = None
) -> list[Scenario]:
    """The scenarios of one track and/or status (None = any)."""
    return [
        s for s in scenarios
        if (track is None or s.track == track) and (status is None or s.status == status)
    ]


def format_table(scenarios: Sequence[Scenario]) -> str:
    """Aligned id / status / title columns and a count per status."""
    rows = [("ID", "STATUS", "TITLE")] + [(s.id, s.status, s.title) for s in scenarios]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{r[0].ljust(widths[0])}  {r[1].ljust(widths[1])}  {r[2]}" for r in rows]
    counts = Counter(s.status for s in scenarios)
    summary = ", ".join(f"{counts[status]} {status}" for status in STATUSES if counts[status])
    lines.append(f"{len(scenarios)} scenarios" + (f" ({summary})" if summary else ""))
    return "\n".join(lines)
