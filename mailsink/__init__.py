"""mailsink: the SMTP server every tenant email goes to in development and tests, with a
small JSON API to read what arrived (``cookbook up`` runs it as service ``mail``).

The SMTP listener belongs to the app: ``create_app`` starts it (in the WSGI worker or the
test), ``stop(app)`` ends it, and it is also stopped when the interpreter exits.
"""

from __future__ import annotations

import weakref

from flask import Flask

from observability import health, metrics

from .api import bp
from .config import load_config
from .smtp import SmtpListener
from .store import Store


def create_app(overrides: dict | None = None) -> Flask:
    """Build the sink: storage, the SMTP listener (unless disabled) and the HTTP API."""
    app = Flask(__name__)
    app.config.update(load_config(overrides))
    store = Store(app.config["DATABASE_URL"], int(app.config["MAX_MESSAGES"]))
    app.extensions["mailsink.store"] = store
    if app.config["SMTP_ENABLED"]:
        listener = SmtpListener(store, app.config["SMTP_HOST"], int(app.config["SMTP_PORT"]),
                                int(app.config["MAX_MESSAGE_BYTES"])).start()
        app.extensions["mailsink.smtp"] = listener
        weakref.finalize(app, listener.stop)  # also runs at interpreter exit (gunicorn stop)
    app.register_blueprint(bp)
    metrics.init_app(app, "mailsink")
    health.init_app(app, _checks)
    return app


def _checks(app: Flask) -> dict:
    """The message store answers, and our own SMTP listener greets (when it runs)."""
    found = {"database": health.database(app.extensions["mailsink.store"].engine, "messages")}
    listener = app.extensions.get("mailsink.smtp")
    if listener is not None:
        found["smtp"] = health.smtp(listener.host, listener.port, timeout=3)
    return found


def stop(app: Flask) -> None:
    """Stop the SMTP listener and release the database (tests and orderly shutdown)."""
    listener = app.extensions.pop("mailsink.smtp", None)
    if listener is not None:
        listener.stop()
    app.extensions["mailsink.store"].dispose()
