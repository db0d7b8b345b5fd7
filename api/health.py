"""``/health`` and ``/metrics`` of the API: its database and the tenant's JWKS, fetched now.

The JWKS check bypasses the key cache on purpose: cached keys keep tokens verifying for a
while after the tenant goes away, and an operator wants to know before that runs out.
"""

from __future__ import annotations

from observability import health, metrics

from .jwks import parse_jwks


def _jwks_check(app) -> health.Check:
    fetch = app.extensions["api.jwks"].fetch

    def check() -> str | None:
        return None if parse_jwks(fetch(app.config["JWKS_URL"])) else "no RS256 signing keys"

    return check


def checks(app) -> dict[str, health.Check]:
    return {"database": health.database(app.extensions["api.db"].engine, "orders"),
            "jwks": _jwks_check(app)}


def init_app(app) -> None:
    metrics.init_app(app, "api")
    health.init_app(app, checks)

