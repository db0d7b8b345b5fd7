"""The tenant clock: real time plus an offset that the test-control plane can move."""

from __future__ import annotations

import threading
import time

from flask import current_app


class Clock:
    def __init__(self):
        self._offset = 0.0
        self._lock = threading.Lock()

    def time(self) -> float:
        return time.time() + self._offset

    def now(self) -> int:
        return int(self.time())

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0


def init_app(app) -> None:
    app.extensions["mock_idp.clock"] = Clock()


def now() -> int:
    return current_app.extensions["mock_idp.clock"].now()
