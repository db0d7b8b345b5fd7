"""The signed-in user, rebuilt on each request from the ID-token claims in the server session."""

from __future__ import annotations

from flask import redirect, request, session, url_for
from flask_login import LoginManager, UserMixin

from .errors import error_response, wants_json

CLAIMS_KEY = "user"


class User(UserMixin):
    """A user as the identity provider described them in the ID token."""

    def __init__(self, claims: dict):
        self.claims = dict(claims)
        self.id = claims["sub"]

    @property
    def name(self) -> str:
        return self.claims.get("name") or self.claims.get("nickname") or self.claims.get(
            "email") or self.id

    @property
    def email(self) -> str | None:
        return self.claims.get("email")

    @property
    def picture(self) -> str | None:
        return self.claims.get("picture")


def current_path() -> str:
    """The path and query of this request, for ``/login?next=``."""
    query = request.query_string.decode("latin-1")
    return f"{request.path}?{query}" if query else request.path


def _load_user(user_id: str) -> User | None:
    claims = session.get(CLAIMS_KEY)
    if claims and claims.get("sub") == user_id:
        return User(claims)
    return None


def _unauthorized():
    if wants_json():
        return error_response(401, "Login required", "Log in to use this endpoint.",
                              error="login_required")
    return redirect(url_for("auth.login", next=current_path()))


def init_app(app) -> None:
    manager = LoginManager()
    manager.init_app(app)
    manager.session_protection = "basic"
    manager.user_loader(_load_user)
    manager.unauthorized_handler(_unauthorized)
