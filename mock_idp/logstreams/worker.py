"""The delivery worker: one thread per tenant process sends new log events to the active
streams, off the request path.

``logs.write`` only calls ``wake()`` (set an event, maybe start the thread), so a login
never waits on a webhook. The thread runs while some active stream has events past its
cursor or a retry pending, and ends when all are caught up, so an idle tenant holds no
thread. A failed delivery is retried with exponential back-off; after ``max_failures``
consecutive failures the stream is ``suspended`` with a tenant log notice, and its cursor
stays put: ``PATCH status=active`` resumes from the first undelivered event (at-least-once).
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from .. import notices
from ..models import Client, LogEvent, LogStream
from . import sender
from .filters import matcher
from .payload import known_secrets


class DeliveryWorker:
    def __init__(self, app):
        config = app.config
        self._app = app
        self.enabled = bool(config["LOG_STREAMS"])
        self.batch = max(1, int(config["LOG_STREAM_BATCH"]))
        self.timeout = max(0.1, int(config["LOG_STREAM_TIMEOUT_MS"]) / 1000)
        self.retry = max(0.001, int(config["LOG_STREAM_RETRY_MS"]) / 1000)
        self.retry_max = max(self.retry, int(config["LOG_STREAM_RETRY_MAX_MS"]) / 1000)
        self.max_failures = max(1, int(config["LOG_STREAM_MAX_FAILURES"]))
        self.source_address = config["OUTBOUND_ADDRESS"] or None  # docs/operations.md#firewall
        self.allow_private = bool(config["LOG_STREAM_PRIVATE_TARGETS"])  # destinations.py
        self._lock = threading.Lock()
        self._wakeup = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._not_before: dict[str, float] = {}  # stream id -> monotonic time of next try
        self._active = False  # any active stream: checked by wake() without the database

    def refresh(self) -> None:
        """Re-read which streams are active (after a deploy or an API change) and wake."""
        with self._app.extensions["mock_idp.db"]() as db:
            self._active = bool(db.scalar(select(func.count()).select_from(LogStream)
                                          .where(LogStream.status == "active")))
        with self._lock:
            self._not_before.clear()  # a resumed or edited stream is tried at once
        self.wake()

    def wake(self) -> None:
        """New events (or streams): make sure the thread runs and looks now."""
        if not self.enabled or not self._active or self._stopping:
            return
        self._wakeup.set()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="mock-idp-log-streams",
                                                daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """End the thread (tests, orderly shutdown); later events are not delivered."""
        self._stopping = True
        self._wakeup.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopping:
            self._wakeup.clear()
            try:
                wait = self.run_once()
            except Exception:  # the worker must outlive any one bad delivery
                self._app.logger.exception("log stream delivery failed unexpectedly")
                wait = self.retry
            if wait is None:
                with self._lock:
                    if not self._wakeup.is_set():
                        self._thread = None
                        return
                continue
            self._wakeup.wait(wait)
        with self._lock:
            self._thread = None

    def run_once(self) -> float | None:
        """One pass over the active streams; how long until the next is due (None: idle)."""
        with self._app.extensions["mock_idp.db"]() as db:
            streams = list(db.scalars(select(LogStream).where(LogStream.status == "active")))
            newest = db.scalar(select(func.max(LogEvent.seq))) or 0
        waits = []
        for stream in streams:
            if stream.cursor >= newest:
                continue
            due = self._not_before.get(stream.id, 0.0) - time.monotonic()
            if due > 0:
                waits.append(due)
                continue
            outcome = self._deliver(stream.id)
            if outcome is not None:
                waits.append(outcome)
        return min(waits) if waits else None

    def _deliver(self, stream_id: str) -> float | None:
        """Send the next batch of one stream; the back-off after a failure, 0 for more."""
        batch = self._next_batch(stream_id)
        if batch is None:
            return None
        sink, last_seq, events, known = batch
        # No database session is open while the receiver takes its time.
        problem = sender.send(sink, events, self.timeout, self.source_address,
                              known, self.allow_private) if events else None
        failures = self._record(stream_id, sink, last_seq, len(events), problem)
        if problem is None or failures == 0:
            self._not_before.pop(stream_id, None)
            return 0.0
        if failures is None:  # suspended
            self._not_before.pop(stream_id, None)
            return None
        backoff = min(self.retry * 2 ** (failures - 1), self.retry_max)
        self._not_before[stream_id] = time.monotonic() + backoff
        return backoff

    def _next_batch(self, stream_id: str) -> tuple[dict, int, list[dict], frozenset] | None:
        """The sink, the last event's ``seq``, the events the filters let through and the
        tenant's secret values to keep out of them."""
        with self._app.extensions["mock_idp.db"]() as db:
            stream = db.get(LogStream, stream_id)
            if stream is None or stream.status != "active":
                return None
            rows = list(db.scalars(select(LogEvent).where(LogEvent.seq > stream.cursor)
                                   .order_by(LogEvent.seq).limit(self.batch)))
            if not rows:
                return None
            wanted = matcher(stream.filters)
            known = known_secrets(self._app.extensions["mock_idp.tenant"],
                                  db.scalars(select(Client.client_secret)))
            return (dict(stream.sink), rows[-1].seq, [row.data for row in rows
                                                      if wanted(row.type)], known)

    def _record(self, stream_id: str, sink: dict, last_seq: int, count: int,
                problem: str | None):
        """Move the cursor, or count the failure (suspending at the limit, with a notice).
        Returns the failures in a row, or None once the stream is suspended."""
        with self._app.extensions["mock_idp.db"]() as db:
            stream = db.get(LogStream, stream_id)
            if stream is None:
                return None
            if problem is not None and (stream.sink != sink or stream.status != "active"):
                return 0  # edited or paused meanwhile: the old sink's failure does not count
            if problem is None:
                stream.cursor, stream.failures, stream.last_error = last_seq, 0, None
                stream.delivered += count
                if count:
                    stream.last_delivery_at = self._app.extensions["mock_idp.clock"].now()
                db.commit()
                return 0
            stream.failures += 1
            stream.last_error = problem
            suspended = stream.failures >= self.max_failures
            if suspended:
                stream.status = "suspended"
            db.commit()
            name, failures = stream.name, stream.failures
        if not suspended:
            return failures
        with self._app.app_context():
            notices.stream_suspended(stream_id, name, failures, problem)
        return None
