"""``GET /health``: run every check of the service and answer 200 when all pass, else 503 with
the failing ones named. A check is a function that raises (or returns a reason) on failure;
bodies carry short reasons, never secrets or connection strings."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Mapping

import requests
from flask import current_app, jsonify
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

EXTENSION = "cookbook.health"
Check = Callable[[], str | None]


def _run(check: Check) -> str:
    try:
        reason = check()
    except Exception as exc:  # noqa: BLE001 - any failure of a dependency is a finding
        return f"failing: {_describe(exc)}"
    return f"failing: {reason}" if reason else "ok"


def _describe(exc: Exception) -> str:
    message = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, requests.RequestException):
        message = ""  # request errors print the full URL and internals; the type is enough
    return f"{type(exc).__name__}{': ' + message[:160] if message else ''}"


def report(checks: Mapping[str, Check]) -> tuple[dict, int]:
    """The health document and its status code."""
    results = {name: _run(check) for name, check in checks.items()}
    failing = [name for name, result in results.items() if result != "ok"]
    body = {"status": "unavailable" if failing else "ok", "checks": results}
    if failing:
        body["failing"] = failing
    return body, 503 if failing else 200


def _serve():
    body, status = report(current_app.extensions[EXTENSION](current_app))
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app, checks: Callable[[object], Mapping[str, Check]]) -> None:
    """Serve ``GET /health``; ``checks(app)`` names this service's checks."""
    app.extensions[EXTENSION] = checks
    app.add_url_rule("/health", "cookbook_health", _serve, methods=["GET"])


# -- checks every service picks from -----------------------------------------------------------

def database(engine, table: str) -> Check:
    """The service's own table answers a query on a fresh connection: a pooled one could
    still read a file that was deleted or overwritten since, and hide the breakage."""
    probe = create_engine(engine.url, poolclass=NullPool)

    def check() -> None:
        with probe.connect() as connection:
            connection.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).all()

    return check


def http_json(url: str, timeout: float, expect: Callable[[object], str | None] | None = None
              ) -> Check:
    """``url`` answers 200 with JSON that ``expect`` accepts (it returns a reason if not)."""

    def check() -> str | None:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        return expect(response.json()) if expect else None

    return check


def tenant_discovery(base_url: str, issuer: str, timeout: float) -> dict[str, Check]:
    """The tenant's discovery document names ``issuer``, and its JWKS has signing keys."""

    def matches(document) -> str | None:
        found = document.get("issuer") if isinstance(document, dict) else None
        return None if found == issuer else f"issuer is {found!r}, expected {issuer!r}"

    def has_keys(document) -> str | None:
        keys = document.get("keys") if isinstance(document, dict) else None
        return None if keys else "no signing keys published"

    base = base_url.rstrip("/")
    return {"tenant_discovery": http_json(f"{base}/.well-known/openid-configuration", timeout,
                                          matches),
            "tenant_jwks": http_json(f"{base}/.well-known/jwks.json", timeout, has_keys)}


def smtp(host: str, port: int, timeout: float) -> Check:
    """An SMTP server greets and answers NOOP."""

    def check() -> str | None:
        with smtplib.SMTP(host, port, timeout=timeout) as server:
            code, _ = server.noop()
        return None if code == 250 else f"NOOP answered {code}"

    return check
