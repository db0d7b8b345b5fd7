"""Travel0 Classic: the legacy app whose members move to the new platform.

It keeps its own member table with its own PBKDF2 password format, has a login page of its
own, and opens a small API (``/api/users/*``) for the tenant's custom-database scripts,
behind a shared secret and an IP allow-list. ``python -m apps.legacy.migrate`` bulk-exports
the members who have not moved yet into the tenant (docs/migration.md).
"""

from __future__ import annotations

from flask import Flask

from observability.allowlist import AllowList

from .config import load_config


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: config, member table, firewall, then pages and API."""
    app = Flask(__name__)
    load_config(app, overrides)

    from . import api, auth, db, errors, views

    # The firewall: only the tenant's outbound addresses may call /api.
    app.extensions["legacy.allow_list"] = AllowList.parse(app.config["ALLOWED_IPS"],
                                                          "LEGACY_ALLOWED_IPS")
    db.init_app(app)
    errors.init_app(app)
    _monitoring(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.jinja_env.globals["csrf_token"] = auth.csrf_token
    return app


def _monitoring(app: Flask) -> None:
    """``/metrics`` and ``/health`` (the member table answers)."""
    from observability import health, metrics

    metrics.init_app(app, "legacy")
    engine = app.extensions["legacy.db"].kw["bind"]
    health.init_app(app, lambda app: {"database": health.database(engine, "members")})
