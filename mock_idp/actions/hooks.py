"""The triggers around tokens for machines, sign-up and password changes.

``credentials_exchange`` and ``pre_user_registration`` can refuse what is asked;
``post_user_registration`` and ``post_change_password`` run after the fact: whatever
they do, the registration or the change stands, and a failure is a ``w`` log event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from .. import logs
from ..clock import now
from ..management import scopes as management
from ..models import Client, User
from . import claims, events, get_registry, pipeline

# api.access.deny(code, reason) of credentials-exchange: the codes Auth0 documents, with
# the statuses its token endpoint uses for them; anything else is a 403 access_denied.
DENY_STATUS = {"invalid_request": 400, "invalid_scope": 403, "server_error": 500}
SIGNUP_REFUSED = "We could not create your account."


@dataclass
class Exchange:
    """Extra access-token claims, or the error to answer (``error``, description, status)."""

    claims: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    error: tuple[str, str, int] | None = None


def credentials_exchange(client: Client, audience: str, scopes: list[str],
                         body: dict, organization=None) -> Exchange:
    registry = get_registry()
    if not registry.bound("credentials-exchange"):
        return Exchange()
    event = events.credentials_exchange(client, audience, scopes, body, organization)
    outcome = pipeline.run(registry, "credentials-exchange", event, context={"nowSeconds": now()})
    details = outcome.log_details()
    if outcome.status == "failed":
        return Exchange(details=details, error=("access_denied", outcome.failure, 403))
    if outcome.status == "denied":
        code, reason = outcome.effects.deny["code"], outcome.effects.deny["reason"]
        if code in DENY_STATUS:
            return Exchange(details=details, error=(code, reason, DENY_STATUS[code]))
        return Exchange(details=details, error=("access_denied", reason or code, 403))
    auth0_api = audience == management.audience(current_app.config["ISSUER"])
    kept, refused = claims.screen(outcome.effects.access_claims, "access", auth0_api)
    if refused:
        logs.write("w", description="Custom claims refused by the Actions runtime",
                   client=client, audience=audience, details={"refused_claims": refused})
    if claims.too_large(kept):
        return Exchange(details=details,
                        error=("access_denied", "Custom claims exceed the 100 KB limit", 403))
    return Exchange(kept, details)


@dataclass
class Registration:
    """Whether sign-up may go on, what to show if not, and metadata for the new user."""

    allowed: bool = True
    user_message: str | None = None
    reason: str | None = None
    user_metadata: dict = field(default_factory=dict)
    app_metadata: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)


def pre_user_registration(db, client: Client, connection: str, email: str,
                          body: dict) -> Registration:
    registry = get_registry()
    if not registry.bound("pre-user-registration"):
        return Registration()
    event = events.pre_user_registration(db, client, connection, email, body)
    outcome = pipeline.run(registry, "pre-user-registration", event,
                           context={"nowSeconds": now()})
    details = outcome.log_details()
    if outcome.status == "failed":
        return Registration(False, SIGNUP_REFUSED, outcome.failure, details=details)
    if outcome.status == "denied":
        deny = outcome.effects.deny
        return Registration(False, deny.get("user_message") or SIGNUP_REFUSED, deny["reason"],
                            details=details)
    effects = outcome.effects
    return Registration(user_metadata={k: v for k, v in effects.user_metadata.items() if v is not None},
                        app_metadata={k: v for k, v in effects.app_metadata.items() if v is not None},
                        details=details)


def post_user_registration(db, client: Client | None, user: User) -> dict:
    """Run after the user exists; returns the log details of the run."""
    return _after_the_fact(db, "post-user-registration", client, user,
                           events.post_user_registration(db, client, user))


def post_change_password(db, user: User, client: Client | None = None) -> dict:
    """Run after a password changed; returns the log details of the run."""
    return _after_the_fact(db, "post-change-password", client, user,
                           events.post_change_password(db, user))


def _after_the_fact(db, trigger: str, client: Client | None, user: User, event: dict) -> dict:
    registry = get_registry()
    if not registry.bound(trigger):
        return {}
    outcome = pipeline.run(registry, trigger, event, context={"nowSeconds": now()})
    if outcome.status == "failed":
        logs.write("w", description=f"{trigger} Action failed: {outcome.failure}", client=client,
                   user=user, details=outcome.log_details())
    return outcome.log_details()
