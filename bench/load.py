"""Closed-loop load: N threads, each with its own ``requests.Session``, for a fixed time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import requests


def measure(call: Callable[[requests.Session], bool], threads: int, seconds: float) -> float:
    """Calls per second; ``call`` returns False (or raises) on a failed request."""
    counts = [0] * threads
    failures: list[str] = []
    deadline = time.perf_counter() + seconds
    start = threading.Barrier(threads + 1)

    def client(index: int) -> None:
        with requests.Session() as session:
            start.wait()
            while time.perf_counter() < deadline and not failures:
                try:
                    ok = call(session)
                except Exception as exc:  # noqa: BLE001 - reported below, stops the run
                    failures.append(repr(exc))
                    return
                if not ok:
                    failures.append("a request failed")
                counts[index] += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    began = time.perf_counter()
    start.wait()
    for worker in workers:
        worker.join()
    if failures:
        raise RuntimeError(failures[0])
    return sum(counts) / (time.perf_counter() - began)
