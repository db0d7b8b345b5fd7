"""Small helpers shared by the resource blueprints."""

from __future__ import annotations

from flask import current_app, g

from ...db import get_db
from ...models import User
from ..errors import not_found


def load_user(user_id: str) -> User:
    user = get_db().get(User, user_id) if len(user_id) <= 200 else None
    if user is None:
        raise not_found("The user does not exist.", "inexistent_user")
    return user


def dialect() -> str:
    return get_db().get_bind().dialect.name


def tenant_name() -> str:
    return current_app.config["TENANT_NAME"]


def now() -> int:
    return current_app.extensions["mock_idp.clock"].now()


def no_content():
    return "", 204


def caller_scopes() -> frozenset:
    return g.mgmt_caller.scopes
