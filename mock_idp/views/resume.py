"""``GET|POST /continue``: a login paused by an Action's redirect picks up where it stopped.

The ``state`` must name a paused login of this browser's SSO session, unexpired and not
continued before; ``onContinuePostLogin`` of the redirecting Action runs, then the rest
of the flow, then the application gets its code (or ``access_denied``).
"""

from __future__ import annotations

from flask import Blueprint, request
from werkzeug.datastructures import MultiDict

from .. import flow, sessions
from ..actions import post_login
from ..db import get_db
from ..errors import PageError
from ..models import User

bp = Blueprint("resume", __name__)


@bp.route("/continue", methods=["GET", "POST"])
def resume():
    paused = post_login.take_continuation(request.values.get("state", ""))
    auth = flow.validate(MultiDict(paused.params))
    user = get_db().get(User, paused.user_id)
    if user is None or user.blocked:
        raise PageError("access_denied", "This account can no longer log in.", 403)
    result = post_login.resume(paused, auth.client.row, user)
    login = sessions.Login(user, paused.session_id, paused.auth_time)
    return flow.complete(auth, login, result)
