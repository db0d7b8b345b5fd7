"""The console's front page: who you are here and what your roles let you do."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from .matrix import MATRIX, Action, actions_for
from .operator import load_operator, operator_required

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("admin/index.html", operator=None)
    return _home()


@operator_required(None)
def _home():
    operator = load_operator()
    return render_template("admin/index.html", operator=operator,
                           granted=sorted(actions_for(operator.roles)), actions=list(Action),
                           matrix=MATRIX)
