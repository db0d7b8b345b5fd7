"""The member's home page, with the notice that Travel0 Classic is moving to the new Travel0."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, g, render_template

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("legacy/index.html", new_app_login=new_app_login())


def new_app_login() -> str:
    """The new Travel0's login with the migrating connection (and the member's email) asked
    for, so Universal Login checks the password against this app the first time."""
    params = {"connection": current_app.config["MIGRATION_CONNECTION"]}
    if g.get("member") is not None and "@" in g.member.email:
        params["login_hint"] = g.member.email
    return f"{current_app.config['NEW_APP_URL']}/login?{urlencode(params)}"
