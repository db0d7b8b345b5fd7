"""Threaded live WSGI servers on port 0 for integration tests.

The socket is bound before the application exists, so an app can be built with
its own final URL (issuers and callback URLs need the port), then attached.
Shutdown is bounded: a server that does not stop in time fails the test run
loudly instead of hanging it.
"""

from __future__ import annotations

import threading

from werkzeug.serving import make_server


class _Slot:
    """A WSGI callable whose target is set after the socket is bound."""

    def __init__(self):
        self.app = None

    def __call__(self, environ, start_response):
        if self.app is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"starting"]
        return self.app(environ, start_response)


class LiveServer:
    """One threaded werkzeug server on ``host`` and a free port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self._slot = _Slot()
        self._server = make_server(host, port, self._slot, threaded=True)
        self.host = host
        self.port = self._server.server_port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, app) -> LiveServer:
        self._slot.app = app
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is None:
            self._server.server_close()
            return
        self._server.shutdown()
        self._thread.join(timeout)
        self._server.server_close()
        if self._thread.is_alive():
            raise RuntimeError(f"live server {self.url} did not stop within {timeout}s")
