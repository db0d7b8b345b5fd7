"""The tenant's operator endpoints beside Auth0's ``/testall``: ``/health`` checks the
database, the signing key and the email provider for real; ``/metrics`` counts logins by
outcome (from the tenant log codes) and tokens by grant type."""

from __future__ import annotations

import secrets

from joserfc import jwt
from sqlalchemy import select

from observability import health, metrics

from .models import SigningKey

# Tenant log codes of a login attempt → the ``outcome`` label of cookbook_logins_total.
LOGIN_OUTCOMES = {
    "s": "success", "ssa": "silent_success", "f": "failure", "fp": "wrong_password",
    "fu": "unknown_user", "fsa": "silent_failure", "limit_wc": "blocked",
}


def count_log_event(event_type: str) -> None:
    """Called for every tenant log event; login attempts move the login counter."""
    outcome = LOGIN_OUTCOMES.get(event_type)
    if outcome is not None:
        metrics.count_login(outcome)


def _signing_key_check(app) -> health.Check:
    """The key store names a current key, it is the one this process signs with, and the
    published JWKS verifies what it signs (a rotation elsewhere or a lost key shows here)."""

    def check() -> str | None:
        ring = app.extensions["mock_idp.keys"]
        with app.extensions["mock_idp.db"]() as db:
            stored = db.scalar(select(SigningKey.kid).where(SigningKey.status == "current"))
        key = ring.signing_key
        if stored is None:
            return "the key store has no current signing key"
        if stored != key.kid:
            return "this process signs with a key that is no longer current"
        probe = {"probe": secrets.token_hex(4)}
        token = jwt.encode({"alg": "RS256", "kid": key.kid}, probe, key, algorithms=["RS256"])
        if jwt.decode(token, ring.key_set(), algorithms=["RS256"]).claims != probe:
            return "the published keys do not verify the current key's signature"
        return None

    return check


def _email_checks(app) -> dict[str, health.Check]:
    """The SMTP provider when the tenant sends over SMTP; nothing to check otherwise."""
    transport = app.extensions["mock_idp.mailer"].transport
    if app.extensions["mock_idp.mailer"].name != "smtp":
        return {}
    timeout = float(app.config["SMTP_TIMEOUT"])
    return {"email_provider": health.smtp(transport.host, transport.port, timeout)}


def checks(app) -> dict[str, health.Check]:
    engine = app.extensions["mock_idp.db"].kw["bind"]
    return {"database": health.database(engine, "clients"),
            "signing_key": _signing_key_check(app), **_email_checks(app)}


def init_app(app) -> None:
    metrics.init_app(app, f"tenant:{app.config['TENANT_NAME']}")
    health.init_app(app, checks)


