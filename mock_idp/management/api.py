"""The ``/api/v2`` blueprint: every request is authenticated, rate limited and answered in
Auth0's error shape; successful writes are logged as ``sapi`` events."""

from __future__ import annotations

from flask import Blueprint, current_app, g, request

from .. import logs, notices
from ..db import get_db
from ..models import Client
from . import errors
from .auth import Caller, bearer_token, verify
from .errors import ApiError

bp = Blueprint("management", __name__, url_prefix="/api/v2")
errors.register(bp)

WRITES = {"POST": "Create", "PATCH": "Update", "PUT": "Update", "DELETE": "Delete"}


@bp.before_request
def _admit():
    """Size limit, then the caller's identity, then its rate limit, then any auth failure."""
    limit_key = "users-imports" if request.path.endswith("/jobs/users-imports") else "json"
    config = current_app.config
    request.max_content_length = (int(config["MGMT_IMPORT_MAX_BYTES"]) + 65536
                                  if limit_key == "users-imports" else int(config["MGMT_MAX_BODY"]))
    failure = None
    try:
        g.mgmt_caller = verify(bearer_token())
        key = f"client:{g.mgmt_caller.client_id}"
    except ApiError as exc:
        failure, key = exc, f"ip:{request.remote_addr}"
    limiter = current_app.extensions["mock_idp.mgmt_rate"]
    verdict = limiter.take(key, current_app.extensions["mock_idp.clock"].time())
    g.mgmt_rate = verdict
    notices.rate_limit(g.mgmt_caller.client_id if failure is None else None, verdict, request.path)
    if not verdict.allowed:
        raise ApiError(429, "Global limit has been reached", "too_many_requests")
    if failure is not None:
        raise failure


@bp.after_request
def _report(response):
    verdict = g.get("mgmt_rate")
    if verdict is not None:
        for name, value in verdict.headers().items():
            response.headers[name] = value
    response.headers.setdefault("Cache-Control", "no-cache")
    if request.method in WRITES and response.status_code < 300 and g.get("mgmt_caller"):
        _log_write(g.mgmt_caller, response.status_code)
    return response


def _log_write(caller: Caller, status: int) -> None:
    """Auth0's "Success API Operation"; the body is never logged (passwords, secrets)."""
    noun = (request.blueprint or "management").rsplit(".", 1)[-1].replace("_", " ")
    client = get_db().get(Client, caller.client_id)
    logs.write("sapi", description=f"{WRITES[request.method]} {noun}",
               client=client, user=None, user_name=f"{caller.client_id}@clients",
               details={"request": {"method": request.method.lower(), "path": request.path,
                                    "auth": {"credentials": {"scopes": sorted(caller.scopes)},
                                             "strategy": "jwt"}},
                        "response": {"statusCode": status}})


@bp.route("/<path:_unknown>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(_unknown):
    raise ApiError(404, "Not Found")


def _register_resources() -> None:
    from .routes import (
        anomaly,
        client_grants,
        clients,
        connections,
        custom_domains,
        jobs,
        keys,
        log_streams,
        logs,
        organization_client_grants,
        organization_invitations,
        organization_members,
        organizations,
        resource_servers,
        roles,
        tickets,
        user_blocks,
        user_links,
        users,
    )

    for module in (users, user_links, roles, resource_servers, clients, client_grants,
                   connections, logs, log_streams, tickets, jobs, user_blocks, keys, anomaly,
                   custom_domains, organizations, organization_members,
                   organization_invitations, organization_client_grants):
        bp.register_blueprint(module.bp)


_register_resources()
