"""The tenant's signing keys: fetched from its JWKS, parsed once, cached per app.

Verification never fetches per request. A fetched JWKS is trusted for ``ttl`` seconds; an
unknown ``kid`` may trigger one extra fetch (key rotation), but such unscheduled fetches, and
retries after a failed fetch, happen at most once per ``min_refetch_interval`` seconds, so a
flood of tokens with made-up kids cannot turn into a flood of requests to the tenant.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import requests
from jose import jwk
from jose.backends.base import Key

log = logging.getLogger(__name__)

Fetch = Callable[[str], dict]


class JwksUnavailable(Exception):
    """No signing keys are known and the JWKS could not be fetched."""


def http_fetch(timeout: float) -> Fetch:
    """The production fetch: a GET with a timeout, failing on any non-2xx answer."""

    def fetch(url: str) -> dict:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        return response.json()

    return fetch


def parse_jwks(document: dict) -> dict[str, Key]:
    """Parsed RSA signing keys by kid; keys that are not RS256-capable are skipped."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise TypeError("JWKS document has no 'keys' list")
    keys: dict[str, Key] = {}
    for entry in document["keys"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
            continue
        if entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
            continue
        if entry.get("alg", "RS256") != "RS256" or "d" in entry:
            continue  # wrong algorithm, or a private key that must never be published
        try:
            keys[entry["kid"]] = jwk.construct(entry, "RS256")
        except Exception:  # noqa: BLE001 - one broken key must not hide the others
            log.warning("skipping unparsable JWKS key %.64r", entry["kid"])
    return keys


class JwksCache:
    """Thread-safe cache of parsed public keys from one JWKS URL."""

    def __init__(self, url: str, fetch: Fetch, ttl: float = 600,
                 min_refetch_interval: float = 10, clock: Callable[[], float] = time.monotonic):
        self.url = url
        self._fetch = fetch
        self._ttl = ttl
        self._interval = min_refetch_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, Key] = {}
        self._fetched_at: float | None = None  # last successful fetch
        self._failed_at: float | None = None  # last failed fetch, cleared by a success
        self._missed_at: float | None = None  # last fetch caused by an unknown kid

    def key_for(self, kid: str) -> Key | None:
        """The public key for ``kid``, or None; raises JwksUnavailable when no keys exist."""
        key = self._keys.get(kid)
        if key is not None and self._fresh():
            return key  # the hot path: no lock, no I/O
        # With a (stale) key in hand, never wait for another thread's fetch.
        if not self._lock.acquire(blocking=key is None):
            return key
        try:
            self._refresh_for(kid)
            key = self._keys.get(kid)
            if key is None and not self._keys:
                raise JwksUnavailable("the signing keys could not be fetched")
            return key
        finally:
            self._lock.release()

    @property
    def fetch(self) -> Fetch:
        """The fetch this cache uses (the health check calls it directly)."""
        return self._fetch

    def ensure_loaded(self) -> bool:
        """True when keys are cached or can be fetched now (for the health check)."""
        if self._keys:
            return True
        with self._lock:
            if not self._keys and self._may_retry(self._clock()):
                self._fetch_now()
            return bool(self._keys)

    @property
    def key_ids(self) -> list[str]:
        return sorted(self._keys)

    def _fresh(self) -> bool:
        return self._fetched_at is not None and self._clock() - self._fetched_at < self._ttl

    def _may_retry(self, now: float) -> bool:
        return self._failed_at is None or now - self._failed_at >= self._interval

    def _refresh_for(self, kid: str) -> None:
        """Fetch if the cache is stale, or once per interval when ``kid`` is unknown."""
        now = self._clock()
        if not self._may_retry(now):
            return
        if not self._fresh():
            self._fetch_now()
        elif kid not in self._keys:
            if self._missed_at is not None and now - self._missed_at < self._interval:
                return
            self._missed_at = now
            self._fetch_now()

    def _fetch_now(self) -> None:
        try:
            keys = parse_jwks(self._fetch(self.url))
        except Exception as exc:  # noqa: BLE001 - any failure keeps the old keys
            self._failed_at = self._clock()
            log.warning("JWKS fetch from %s failed: %s", self.url, type(exc).__name__)
            return
        if not keys:
            self._failed_at = self._clock()
            log.warning("JWKS at %s has no usable RS256 signing key", self.url)
            return
        self._keys = keys
        self._fetched_at = self._clock()
        self._failed_at = None


def init_app(app) -> None:
    """Give the app its own key cache, configured from ``JWKS_*`` settings."""
    fetch = app.config["JWKS_FETCH"] or http_fetch(app.config["JWKS_FETCH_TIMEOUT"])
    app.extensions["api.jwks"] = JwksCache(
        app.config["JWKS_URL"],
        fetch,
        ttl=app.config["JWKS_CACHE_TTL"],
        min_refetch_interval=app.config["JWKS_MIN_REFETCH_INTERVAL"],
    )
