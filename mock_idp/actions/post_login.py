"""The post-login trigger where Auth0 runs it: after authentication, before the code is
issued (interactive and single sign-on logins), again at ``/continue`` after an
``api.redirect.sendUserTo``, and on every refresh-token exchange.

The result says what the caller answers: issue (with the effects to store on the code
or apply to the tokens), redirect, deny or fail. Metadata changes reach the user here,
once the flow is over; a failed flow changes nothing.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from authlib.common.urls import add_params_to_uri
from flask import current_app, has_request_context, request
from sqlalchemy import update

from .. import logs, organizations, sessions
from ..clock import now
from ..db import get_db
from ..domains import current_issuer
from ..errors import PageError
from ..management import scopes as management
from ..models import ActionContinuation, Client, User
from . import claims, events, get_registry, pipeline
from .effects import Effects, merged
from .registry import CONTINUE_HANDLER

CODE_PROTOCOL = "oidc-basic-profile"
REFRESH_PROTOCOL = "oauth2-refresh-token"


@dataclass
class LoginResult:
    """``kind`` is issue, redirect, denied or failed."""

    kind: str
    effects: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    description: str | None = None
    location: str | None = None


@dataclass
class _Run:
    """One post-login run and what is needed to conclude it."""

    outcome: pipeline.Outcome
    client: Client
    user: User
    audience: str | None


def for_authorization(params: dict, client: Client, login, *, silent: bool,
                      log_details: dict | None = None, organization=None) -> LoginResult:
    """Run post-login for an /authorize request answered with a code."""
    registry = get_registry()
    if not registry.bound("post-login"):
        return LoginResult("issue")
    event = events.post_login(get_db(), login.user, client, params, protocol=CODE_PROTOCOL,
                              session_id=login.session_id, auth_time=login.auth_time,
                              organization=organization)
    state = secrets.token_urlsafe(24)
    outcome = pipeline.run(registry, "post-login", event,
                           context=_context(login.user, state, allowed=not silent))
    run = _Run(outcome, client, login.user, params.get("audience"))
    if outcome.status == "redirect" and silent:  # prompt=none: the caller answers
        return LoginResult("redirect", details=outcome.log_details())  # interaction_required
    if outcome.status == "redirect":
        return _pause(run, state, params, login.session_id, login.auth_time, log_details)
    return _conclude(run)


def resume(paused: ActionContinuation, client: Client, user: User) -> LoginResult:
    """Pick the flow up at ``/continue``: ``onContinuePostLogin``, then the Actions after it."""
    progress = paused.progress
    event = events.post_login(get_db(), user, client, paused.params, protocol=CODE_PROTOCOL,
                              session_id=paused.session_id, auth_time=paused.auth_time,
                              organization=organizations.find(
                                  get_db(), paused.params.get("organization")))
    event["request"] = events.http_request(
        body=request.form.to_dict() if request.method == "POST" else None)
    state = secrets.token_urlsafe(24)
    outcome = pipeline.run(
        get_registry(), "post-login", event, start=progress["resume_at"],
        effects=Effects.from_dict(progress["effects"]), first_handler=CONTINUE_HANDLER,
        context=_context(user, state, allowed=True, continued=paused.state))
    outcome.executions = progress["executions"] + outcome.executions
    run = _Run(outcome, client, user, paused.params.get("audience"))
    if outcome.status == "redirect":
        return _pause(run, state, paused.params, paused.session_id, paused.auth_time,
                      progress.get("log_details"))
    result = _conclude(run)
    result.details = {**(progress.get("log_details") or {}), **result.details}
    return result


def for_refresh(client: Client, user: User, *, scope: str, audience: str | None,
                session_id: str | None, auth_time: int, body: dict,
                organization=None) -> LoginResult:
    """Run post-login for a refresh-token exchange (no redirects possible there)."""
    registry = get_registry()
    if not registry.bound("post-login"):
        return LoginResult("issue")
    params = {"scope": scope, "audience": audience}
    event = events.post_login(get_db(), user, client, params, protocol=REFRESH_PROTOCOL,
                              session_id=session_id, auth_time=auth_time, body=body,
                              organization=organization)
    outcome = pipeline.run(registry, "post-login", event,
                           context=_context(user, "", allowed=False))
    if outcome.status == "redirect":
        outcome.status = "failed"
        outcome.failure = "api.redirect.sendUserTo cannot be used during a refresh token exchange"
    return _conclude(_Run(outcome, client, user, audience))


def _context(user: User, state: str, *, allowed: bool, continued: str | None = None) -> dict:
    ip = request.remote_addr if has_request_context() else None
    return {"nowSeconds": now(), "redirect": {
        "allowed": allowed, "state": state, "continued": continued, "userId": user.user_id,
        "issuer": current_issuer(), "ip": ip}}  # the domain the login runs on


def _conclude(run: _Run) -> LoginResult:
    outcome = run.outcome
    details = outcome.log_details()
    if outcome.status == "failed":
        return LoginResult("failed", details=details, description=outcome.failure)
    effects = outcome.effects
    if outcome.status == "denied":
        _persist_metadata(run.user, effects)  # Auth0: deny does not cancel metadata changes
        return LoginResult("denied", details=details, description=effects.deny["reason"])
    id_claims, access_claims = _screen_claims(run)
    if claims.too_large(id_claims, access_claims):
        return LoginResult("failed", details=details,
                           description="Custom claims exceed the 100 KB limit")
    _persist_metadata(run.user, effects)
    if effects.multifactor:
        details["actions"]["multifactor"] = effects.multifactor
    stored = {"id_claims": id_claims, "access_claims": access_claims,
              "add_scopes": effects.add_scopes, "remove_scopes": effects.remove_scopes,
              "multifactor": effects.multifactor}
    return LoginResult("issue", effects=stored, details=details)


def _screen_claims(run: _Run) -> tuple[dict, dict]:
    """Drop the custom claims Auth0 would refuse, with a ``w`` log event listing them."""
    auth0_api = run.audience == management.audience(current_app.config["ISSUER"])
    id_claims, refused = claims.screen(run.outcome.effects.id_claims, "id")
    access_claims, more = claims.screen(run.outcome.effects.access_claims, "access", auth0_api)
    if refused or more:
        logs.write("w", description="Custom claims refused by the Actions runtime",
                   client=run.client, user=run.user,
                   details={"refused_claims": refused + more})
    return id_claims, access_claims


def _persist_metadata(user: User, effects: Effects) -> None:
    if not (effects.user_metadata or effects.app_metadata):
        return
    user.user_metadata = merged(user.user_metadata, effects.user_metadata)
    user.app_metadata = merged(user.app_metadata, effects.app_metadata)
    user.updated_at = now()
    get_db().commit()


def _pause(run: _Run, state: str, params: dict, session_id: str, auth_time: int,
           log_details: dict | None) -> LoginResult:
    """Park the flow and send the browser to the Action's URL with ``state``."""
    target = run.outcome.effects.redirect
    parts = urlsplit(target["url"])
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return LoginResult("failed", details=run.outcome.log_details(),
                           description="api.redirect.sendUserTo needs an absolute http(s) URL")
    effects = run.outcome.effects
    effects.redirect = None
    stamp = now()
    db = get_db()
    db.add(ActionContinuation(
        state=state, client_id=run.client.client_id, user_id=run.user.user_id,
        session_id=session_id, auth_time=auth_time, params=params,
        progress={"resume_at": run.outcome.resume_at, "effects": effects.as_dict(),
                  "executions": run.outcome.executions, "log_details": log_details or {}},
        created_at=stamp, expires_at=stamp + int(current_app.config["TRANSACTION_TTL"])))
    db.commit()
    query = {key: value if isinstance(value, str) else json.dumps(value)
             for key, value in target["query"].items()}
    location = add_params_to_uri(target["url"], {**query, "state": state})
    return LoginResult("redirect", details=run.outcome.log_details(), location=location)


def take_continuation(state: str) -> ActionContinuation:
    """The paused login named by ``state``: unexpired, of this browser's session, and
    claimed exactly once. Anything else is an error page."""
    db = get_db()
    paused = db.get(ActionContinuation, state) if state else None
    if paused is None or paused.expires_at < now():
        raise PageError("invalid_request", "This login can no longer be continued. "
                        "Go back to the application and start again.")
    sso = sessions.current(db)
    if sso is None or sso.id != paused.session_id:
        raise PageError("invalid_request", "This login was started in another browser. "
                        "Go back to the application and start again.", 403)
    claimed = db.execute(update(ActionContinuation).where(
        ActionContinuation.state == paused.state, ActionContinuation.used_at.is_(None),
    ).values(used_at=now())).rowcount
    db.commit()
    if not claimed:
        raise PageError("invalid_request", "This login was already continued. "
                        "Go back to the application and start again.")
    return paused
