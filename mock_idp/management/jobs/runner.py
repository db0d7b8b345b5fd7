"""One worker thread per app runs queued jobs in order; it starts when a job is queued and
ends when the queue is empty, so an idle tenant (or a finished test) holds no thread."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from ...models import Job


class JobRunner:
    def __init__(self, app, handlers: dict[str, Callable], finished: Callable | None = None):
        self._app = app
        self._handlers = handlers
        self._finished = finished  # called with (app, job) once a job has ended
        self._queue: queue.Queue[str] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, job_id: str) -> None:
        """Queue a stored job; a worker picks it up soon after."""
        self._queue.put(job_id)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="mock-idp-jobs", daemon=True)
                self._thread.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                try:
                    job_id = self._queue.get_nowait()
                except queue.Empty:
                    self._thread = None
                    return
            with self._app.app_context():
                self.run(job_id)

    def run(self, job_id: str) -> None:
        """Run one job: pending → processing → completed or failed (never left half-done)."""
        sessionmaker = self._app.extensions["mock_idp.db"]
        with sessionmaker() as db:
            job = db.get(Job, job_id)
            if job is None or job.status != "pending":
                return
            job.status = "processing"
            db.commit()
            try:
                self._handlers[job.type](db, job)
                job.status = "completed"
            except Exception as exc:  # a job must end, whatever went wrong inside it
                db.rollback()
                job = db.get(Job, job_id)
                job.status, job.status_details = "failed", _reason(exc)
                self._app.logger.exception("job %s (%s) failed", job_id, job.type)
            job.payload = None  # the uploaded file is not kept once processed
            db.commit()
        if self._finished is not None:  # with the job's session closed
            try:
                self._finished(self._app, job)
            except Exception:  # a lost notification must not undo the job
                self._app.logger.exception("job %s: notification failed", job_id)


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, JobFailed) else "The job failed unexpectedly."


class JobFailed(Exception):
    """A job that cannot go on; the message becomes its ``status_details``."""
