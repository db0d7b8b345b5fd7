"""Login, callback and the two logouts: the browser side of the tenant's Universal Login."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from joserfc.errors import JoseError

from . import oidc, organizations
from .errors import UpstreamError, error_response
from .monitoring import count_login
from .redirects import safe_next
from .tenant_errors import clean_description, title_for
from .tokens import ReauthenticationRequired, id_token, store_tokens
from .users import CLAIMS_KEY, User, current_path

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)

NEXT_KEY = "_login_next"
SCREEN_HINTS = ("signup", "login")
MAX_HINT_LENGTH = 320
UI_LOCALES = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*(?: [A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*){0,4}")
CONNECTION_NAME = re.compile(r"[a-zA-Z0-9](?:-?[a-zA-Z0-9]){0,127}")  # Auth0's name rule


def base_url() -> str:
    """The app's public URL (``BASE_URL``), or the request's host when unset."""
    return current_app.config.get("BASE_URL") or request.host_url.rstrip("/")


@bp.get("/login")
def login():
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    try:
        params = {**_authorize_params(), **organizations.authorize_params()}
    except organizations.BadOrganization as exc:
        return error_response(400, "Login link not valid", str(exc), error="invalid_request")
    try:
        return oidc.begin_login(base_url() + "/callback", **params)
    except (requests.RequestException, ValueError) as exc:
        raise UpstreamError("identity provider", type(exc).__name__) from exc


def _authorize_params() -> dict:
    params = {"audience": current_app.config["AUTH0_AUDIENCE"]}
    if request.args.get("screen_hint") in SCREEN_HINTS:
        params["screen_hint"] = request.args["screen_hint"]
    hint = request.args.get("login_hint", "")
    if hint and len(hint) <= MAX_HINT_LENGTH and hint.isprintable():
        params["login_hint"] = hint
    # The login page's language: the first of these the tenant offers (BCP 47 tags).
    if UI_LOCALES.fullmatch(request.args.get("ui_locales", "")):
        params["ui_locales"] = request.args["ui_locales"]
    # Universal Login shows one database form: a second one (e.g. Travel0-Classic, the
    # migration from the legacy app) is asked for by name; the tenant checks it is enabled.
    if CONNECTION_NAME.fullmatch(request.args.get("connection", "")):
        params["connection"] = request.args["connection"]
    return params


@bp.get("/callback")
def callback():
    if request.args.get("error"):
        error = request.args["error"]
        log.info("login refused by the identity provider: %s", error)
        return _login_failed(request.args.get("error_description") or error, error)
    try:
        token = oidc.complete_login()
    except MismatchingStateError:
        return _login_failed("This login response does not belong to a login started here, "
                             "or it was already used. Start again.", "invalid_state",
                             outcome="invalid_state")
    except OAuthError as exc:
        return _login_failed(exc.description or exc.error, exc.error or "invalid_grant",
                             outcome="token_refused")
    except (JoseError, oidc.MissingIdToken) as exc:
        log.warning("ID token rejected: %s", type(exc).__name__)
        return _login_failed("The identity provider's ID token could not be verified.",
                             "invalid_id_token", outcome="invalid_id_token")
    except (requests.RequestException, ValueError) as exc:
        raise UpstreamError("identity provider", type(exc).__name__) from exc
    problem = organizations.mismatch(token.get("userinfo") or {})
    if problem:
        log.warning("login refused: organization mismatch")
        return _login_failed(problem, "invalid_organization")
    count_login("success")
    return redirect(_start_session(token))


def _login_failed(message: str, error: str, outcome: str = "refused"):
    """The styled error page, titled for the error (``tenant_errors.TITLES``); ``outcome`` is
    a fixed label for the login counter (never the ``error`` itself, which comes from the
    query string)."""
    count_login(outcome)
    return error_response(400, title_for(error), clean_description(message) or error,
                          error=error, template="common/login_failed.html")


def _start_session(token: dict) -> str:
    """Log the user in under a fresh session id; returns where to go next."""
    next_url = session.get(NEXT_KEY, "/")
    flashes = session.get("_flashes")
    session.clear()
    session.regenerate()
    if flashes:
        session["_flashes"] = flashes
    session[CLAIMS_KEY] = dict(token["userinfo"])
    store_tokens(token)
    login_user(User(session[CLAIMS_KEY]))
    log.info("user logged in: %s", session[CLAIMS_KEY]["sub"])
    return next_url


def end_app_session() -> None:
    """Forget the user here; the tenant's SSO session is untouched."""
    logout_user()
    session.clear()


@bp.get("/logout")
def logout_choices():
    """The three ways out, each explained, so a reader sees what each one leaves behind."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.logged_out", scope="app"))
    return render_template("common/logout.html")


@bp.post("/logout")
def logout():
    end_app_session()
    return redirect(url_for("auth.logged_out", scope="app"))


@bp.post("/logout/tenant")
def logout_tenant():
    hint = id_token()
    end_app_session()
    try:
        return redirect(oidc.end_session_url(hint, base_url() + "/logged-out"))
    except (requests.RequestException, ValueError) as exc:
        raise UpstreamError("identity provider", type(exc).__name__) from exc


@bp.post("/logout/legacy")
def logout_legacy():
    """Auth0's older ``/v2/logout``: ends the tenant session, returns to an allow-listed URL."""
    end_app_session()
    try:
        return redirect(oidc.legacy_logout_url(base_url() + "/logged-out"))
    except (requests.RequestException, ValueError) as exc:
        raise UpstreamError("identity provider", type(exc).__name__) from exc


@bp.get("/logged-out")
def logged_out():
    return render_template("common/logged_out.html", app_only=request.args.get("scope") == "app")


def _reauthenticate(exc: ReauthenticationRequired):
    """Tokens are gone: say why, and send the user through login back to this page."""
    if request.method == "GET":
        next_url = current_path()
    else:
        next_url = safe_next(request.referrer and _path_of(request.referrer))
    flash(str(exc), "warning")
    logout_user()
    return redirect(url_for("auth.login", next=next_url))


def _path_of(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.register_error_handler(ReauthenticationRequired, _reauthenticate)
