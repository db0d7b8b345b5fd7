"""``/health`` and ``/metrics`` of a web app: its session database, the tenant (discovery names
the configured issuer, the JWKS has keys) and the API it calls; logins counted by outcome."""

from __future__ import annotations

from observability import health, metrics
from observability.metrics import count_login

__all__ = ["count_login", "init_app"]


def _api_check(url: str, timeout: float) -> health.Check:
    return health.http_json(url.rstrip("/") + "/health", timeout)


def checks(app) -> dict[str, health.Check]:
    store = app.extensions["cookbook_sessions"]
    timeout = float(app.config.get("HEALTH_TIMEOUT") or 3)
    found = {"database": health.database(store.engine, "web_sessions"),
             **health.tenant_discovery(app.config["AUTH0_BASE_URL"], app.config["AUTH0_ISSUER"],
                                       timeout)}
    if app.config.get("API_URL"):
        found["api"] = _api_check(app.config["API_URL"], timeout)
    return found


def init_app(app) -> None:
    metrics.init_app(app, app.config["APP_NAME"])
    health.init_app(app, checks)
