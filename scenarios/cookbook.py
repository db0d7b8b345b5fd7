"""Reading the topic tables of COOKBOOK.md, the list the catalog must match."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

COOKBOOK_ENV = "COOKBOOK_SHARED"
_TRACK_HEADING = re.compile(r"^##\s+(B2C|B2B)\b")
_PHASE_HEADING = re.compile(r"^###\s+Phase\s+(\d)\b")
_SEPARATOR_ROW = re.compile(r"^\|\s*:?-{3,}")


@dataclass(frozen=True)
class Topic:
    """One table row of COOKBOOK.md, with the section it sits in."""

    id: str
    title: str
    mechanism: str
    track: str
    phase: int


def cookbook_path(root: Path) -> Path:
    """COOKBOOK.md: ``$COOKBOOK_SHARED`` (the file or its folder), else ``../shared/``."""
    configured = os.environ.get(COOKBOOK_ENV)
    if configured:
        path = Path(configured)
        return path if path.suffix == ".md" else path / "COOKBOOK.md"
    return root.parent / "shared" / "COOKBOOK.md"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_topics(text: str) -> list[Topic]:
    """Every data row of every topic table, in order; header and separator rows skipped."""
    topics: list[Topic] = []
    track, phase, in_table = "", 0, False
    for line in text.splitlines():
        if match := _TRACK_HEADING.match(line):
            track, phase = match.group(1).lower(), 0
        elif match := _PHASE_HEADING.match(line):
            phase = int(match.group(1))
        elif not line.startswith("|"):
            in_table = False
        elif not in_table:
            in_table = True  # the header row of a table
        elif not _SEPARATOR_ROW.match(line):
            cells = _cells(line)
            if len(cells) != 3:
                raise ValueError(f"COOKBOOK.md row without 3 cells: {line!r}")
            topic_id, title, mechanism = cells
            topics.append(Topic(topic_id, title, mechanism, track, phase))
    return topics
