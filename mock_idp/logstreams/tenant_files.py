"""``logStreams`` in ``tenant.yaml``: each definition checked where it is written."""

from __future__ import annotations

from .spec import Problem, check_stream


def validate_log_streams(check, data: dict) -> None:
    names = []
    for i, stream in enumerate(check.items(data.get("logStreams"), "logStreams")):
        try:
            check_stream(stream)
        except Problem as problem:
            where = f"logStreams[{i}]" + (f".{problem.where}" if problem.where else "")
            check.fail(where, problem.message)
        names.append(stream["name"])
    check.unique(names, "logStreams", "log stream name")
