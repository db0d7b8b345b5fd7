"""A token bucket per Management API caller, reported in Auth0's ``x-ratelimit-*`` headers.

Time comes from the tenant clock, so tests refill a bucket by moving the clock, not by waiting.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

MAX_BUCKETS = 10_000  # full buckets are forgotten past this many callers


@dataclass
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # epoch seconds when the bucket is full again

    def headers(self) -> dict:
        return {"x-ratelimit-limit": str(self.limit), "x-ratelimit-remaining": str(self.remaining),
                "x-ratelimit-reset": str(self.reset)}


class RateLimiter:
    """``capacity`` requests at once, regaining ``refill`` a second, per key."""

    def __init__(self, capacity: int, refill: float):
        self.capacity = max(1, int(capacity))
        self.refill = max(float(refill), 1e-6)
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, updated at)
        self._lock = threading.Lock()

    def take(self, key: str, now: float) -> Verdict:
        """Spend one token for ``key`` if there is one."""
        with self._lock:
            tokens, updated = self._buckets.get(key, (float(self.capacity), now))
            tokens = min(float(self.capacity), tokens + max(0.0, now - updated) * self.refill)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > MAX_BUCKETS:
                self._forget_full(now)
        reset = now + (self.capacity - tokens) / self.refill
        return Verdict(allowed, self.capacity, math.floor(tokens), math.ceil(reset))

    def _forget_full(self, now: float) -> None:
        for key, (tokens, updated) in list(self._buckets.items()):
            if tokens + (now - updated) * self.refill >= self.capacity:
                del self._buckets[key]
