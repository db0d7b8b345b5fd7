"""logsink: the webhook the tenant's log streams deliver to (``cookbook up`` service
``logsink``), standing in for a SIEM or log platform.

``POST /auth0/logs`` takes a batch (JSON array, JSON lines or one JSON object) only from an
allowed address (else 403) carrying the shared secret (else 401); ``/batches`` and
``/events`` return what arrived as JSON, ``/`` shows it as a page.
"""

from __future__ import annotations

from flask import Flask

from observability.allowlist import AllowList

from .config import load_config
from .store import Store
from .views import bp


def create_app(overrides: dict | None = None) -> Flask:
    """Build the sink: settings, the allow-list, storage and the routes."""
    app = Flask(__name__)
    app.config.update(load_config(overrides))
    app.extensions["logsink.allow_list"] = AllowList.parse(app.config["ALLOWED_IPS"],
                                                                   "LOGSINK_ALLOWED_IPS")
    app.extensions["logsink.store"] = Store(app.config["DATABASE_URL"],
                                            int(app.config["MAX_BATCHES"]))
    app.register_blueprint(bp)
    return app


def stop(app: Flask) -> None:
    """Release the database (tests and orderly shutdown)."""
    app.extensions["logsink.store"].dispose()
