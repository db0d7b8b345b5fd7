"""Travel0 Classic's own login: email and password against its member table, a signed
session cookie, a CSRF token on every form (flaskr's ``login_required`` and user loader)."""

from __future__ import annotations

import functools
import hmac
import secrets

from flask import (
    Blueprint,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from observability.metrics import count_login

from .db import Member, find_member, get_db
from .hashing import verify_password

bp = Blueprint("auth", __name__)
CSRF_KEY = "_csrf"


def csrf_token() -> str:
    """This session's form token (made on first use)."""
    if CSRF_KEY not in session:
        session[CSRF_KEY] = secrets.token_urlsafe(24)
    return session[CSRF_KEY]


def check_csrf() -> None:
    sent = request.form.get(CSRF_KEY, "")
    if not sent or not hmac.compare_digest(sent, session.get(CSRF_KEY, "")):
        abort(400, description="The form expired. Go back, reload the page and try again.")


@bp.before_app_request
def load_member() -> None:
    member_id = session.get("member_id")
    g.member = get_db().get(Member, member_id) if member_id is not None else None


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.member is None:
            return redirect(url_for("auth.login"))
        return view(**kwargs)

    return wrapped


@bp.route("/login", methods=("GET", "POST"))
def login():
    if request.method == "GET":
        return render_template("legacy/login.html")
    check_csrf()
    email = request.form.get("email", "")[:320]
    member = find_member(get_db(), email)
    if not verify_password(request.form.get("password", "")[:1024],
                           member.password_hash if member else None):
        count_login("wrong_password" if member else "unknown_user")
        return render_template("legacy/login.html", email=email,
                               error="Invalid email or password."), 400
    count_login("success")
    session.clear()
    session["member_id"] = member.id
    return redirect(url_for("main.index"))


@bp.post("/logout")
def logout():
    check_csrf()
    session.clear()
    return redirect(url_for("main.index"))
