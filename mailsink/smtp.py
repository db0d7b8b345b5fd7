"""The SMTP side of the sink: an ``aiosmtpd`` server on its own event loop thread.

The app that owns it starts it (``start``) and stops it (``stop``, idempotent, bounded);
port 0 lets the OS pick a free port, read back from ``port``. Any credentials are
accepted: it is a sink, and it records which login the sender used.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import weakref

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from .store import Store

log = logging.getLogger(__name__)
HOSTNAME = "mailsink.cookbook.local"  # given, so aiosmtpd does no DNS lookup of its own


class _Handler:
    def __init__(self, store: Store):
        self.store = store

    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data
        user = login.decode("utf-8", "replace") if isinstance(login, bytes) else None
        message_id = self.store.save(envelope.original_content or envelope.content or b"",
                                     envelope.mail_from, list(envelope.rcpt_tos), user)
        return f"250 Message accepted for delivery (id {message_id})"


class _QuietLoginData(logging.Filter):
    """aiosmtpd 1.4 logs a deprecation notice of its own on every AUTH; it is not ours to fix."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "login_data is deprecated" not in record.getMessage()


def _quiet_aiosmtpd() -> None:
    logger = logging.getLogger("mail.log")
    if not any(isinstance(f, _QuietLoginData) for f in logger.filters):
        logger.addFilter(_QuietLoginData())


def _accept_any(server, session, envelope, mechanism, auth_data) -> AuthResult:
    """A sink takes every login; the user name is kept with the messages sent under it."""
    login = auth_data.login if isinstance(auth_data, LoginPassword) else None
    return AuthResult(success=True, auth_data=login)


class SmtpListener:
    """One SMTP server bound to ``host:port`` and served from a daemon thread."""

    def __init__(self, store: Store, host: str, port: int, max_bytes: int):
        self._store, self._max_bytes = store, max_bytes
        self._sock = socket.create_server((host, port), reuse_port=False)
        self.host, self.port = host, self._sock.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._connections: weakref.WeakSet[SMTP] = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _protocol(self) -> SMTP:
        protocol = SMTP(_Handler(self._store), hostname=HOSTNAME, data_size_limit=self._max_bytes,
                        auth_require_tls=False, authenticator=_accept_any, loop=self._loop)
        self._connections.add(protocol)
        return protocol

    def start(self) -> SmtpListener:
        _quiet_aiosmtpd()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                self._loop.create_server(self._protocol, sock=self._sock))
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

        self._thread = threading.Thread(target=run, name=f"mailsink-smtp-{self.port}", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError(f"the SMTP listener on {self.host}:{self.port} did not start")
        log.info("mail sink: SMTP on %s:%s", self.host, self.port)
        return self

    async def _close(self) -> None:
        """Stop accepting, close open sessions and let every task end: a clean loop to close."""
        self._server.close()
        for protocol in list(self._connections):
            if protocol.transport is not None:
                protocol.transport.close()
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await self._server.wait_closed()

    def stop(self, timeout: float = 5.0) -> None:
        """Close the socket and end the thread; safe to call twice or before ``start``."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            self._sock.close()
            return
        try:
            asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            thread.join(timeout)
        if thread.is_alive():
            raise RuntimeError(f"the SMTP listener on {self.host}:{self.port} did not stop")
