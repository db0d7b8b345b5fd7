"""Home and profile pages."""

from __future__ import annotations

import json

from flask import Blueprint, render_template
from flask_login import current_user, login_required

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("b2c/index.html")


@bp.get("/profile")
@login_required
def profile():
    claims = sorted(current_user.claims.items())
    return render_template("b2c/profile.html", claims=[(k, _show(v)) for k, v in claims])


def _show(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)
