"""The home page: a greeting, or the ways in (log in, sign up) for visitors."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("b2c/index.html")
