"""The one error a broken tenant file raises: which file, where inside it, what is wrong."""

from __future__ import annotations

from pathlib import Path


class TenantFileError(ValueError):
    def __init__(self, path: Path | str, where: str, problem: str):
        self.path = Path(path)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.path}: {where}: {problem}")
