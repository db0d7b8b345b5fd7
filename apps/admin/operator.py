"""Who is operating, re-read from their access token on every request, and the guard views use.

The console never keeps roles in its session: each guarded request takes the operator's access
token (refreshed when about to expire, which runs the tenant's post-login Action again),
verifies it (RS256 signature against the tenant's JWKS, ``iss``, the console's own ``aud``,
``exp``; no organization token) and reads the roles claim. A role taken away in the tenant
therefore stops counting at the next refresh at the latest (the console's token lives ten
minutes). The guard consults the matrix and writes every refusal to the audit log.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import requests
from flask import current_app, g, redirect, url_for
from flask_login import current_user
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from apps.common import UpstreamError, error_response, get_access_token, oidc
from apps.common.auth import end_app_session
from apps.common.users import current_path

from . import audit
from .matrix import Action, allowed, operator_roles

log = logging.getLogger(__name__)
ALGORITHMS = ["RS256"]


class InvalidOperatorToken(Exception):
    """The session's access token does not prove an operator (bad signature, audience, ...)."""


@dataclass(frozen=True)
class Operator:
    """The signed-in operator as their current token describes them."""

    id: str
    email: str
    roles: tuple[str, ...]

    def may(self, action: Action | str) -> bool:
        return allowed(self.roles, action)


def verify(token: str) -> dict:
    """The claims of a console access token, or :class:`InvalidOperatorToken`."""
    config = current_app.config
    try:
        claims = _decode(token, force_keys=False)
    except InvalidOperatorToken:
        claims = _decode(token, force_keys=True)  # the tenant may have rotated its key
    registry = jwt.JWTClaimsRegistry(
        leeway=30, iss={"essential": True, "value": config["AUTH0_ISSUER"]},
        exp={"essential": True}, sub={"essential": True})
    try:
        registry.validate(claims)
    except JoseError as exc:
        raise InvalidOperatorToken(type(exc).__name__) from exc
    audiences = claims.get("aud") if isinstance(claims.get("aud"), list) else [claims.get("aud")]
    if config["AUTH0_AUDIENCE"] not in audiences:
        raise InvalidOperatorToken("the token is not for the console's audience")
    if claims.get("org_id"):
        raise InvalidOperatorToken("an organization token is not an operator token")
    return claims


def _decode(token: str, force_keys: bool) -> dict:
    try:
        keys = KeySet.import_key_set(oidc.client().fetch_jwk_set(force=force_keys))
    except (requests.RequestException, ValueError) as exc:
        raise UpstreamError("identity provider", type(exc).__name__) from exc
    try:
        return jwt.decode(token, keys, algorithms=ALGORITHMS).claims
    except (JoseError, ValueError) as exc:  # bad signature, unknown key, malformed token
        raise InvalidOperatorToken(type(exc).__name__) from exc


def load_operator() -> Operator:
    """The operator of this request (cached on ``g`` for the rest of the request)."""
    if "operator" in g:
        return g.operator
    claims = verify(get_access_token())
    roles = claims.get(current_app.config["ROLES_CLAIM"])
    roles = tuple(operator_roles(r for r in roles if isinstance(r, str))) if isinstance(
        roles, list) else ()
    email = current_user.email or ""
    g.operator = Operator(id=claims["sub"], email=email, roles=roles)
    return g.operator


def operator_required(action: Action | None):
    """Run the view only for a signed-in operator whose roles allow ``action`` (``None``: any
    verified operator token, whatever the roles — pages that only say what one may do)."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=current_path()))
            try:
                operator = load_operator()
            except InvalidOperatorToken as exc:
                log.warning("operator token rejected: %s", exc)
                end_app_session()  # tokens and claims go too, not just the login flag
                return error_response(401, "Log in again",
                                      "Your console session could not be verified. Log in again.",
                                      error="invalid_token")
            if action is not None and not operator.may(action):
                audit.record(operator, action, _target(kwargs), "refused",
                             "not allowed for the operator's roles")
                return _forbidden(operator, action)
            return view(*args, **kwargs)

        return guarded

    return decorate


def _target(kwargs: dict) -> str:
    return str(kwargs.get("user_id") or kwargs.get("record_id") or "")[:300]


def _forbidden(operator: Operator, action: Action):
    if not operator.roles:
        message = ("Your account holds no operator role (support, admin or auditor), so the "
                   "console has nothing for you. Ask a console admin for a role.")
    else:
        message = (f"Your role ({', '.join(operator.roles)}) does not allow this action "
                   f"({action.value}). The refusal was written to the audit log.")
    return error_response(403, "Not allowed", message, error="access_denied")


def may(action: str) -> bool:
    """For templates: show a control only when the server would accept it."""
    operator = g.get("operator")
    return bool(operator and operator.may(action))
