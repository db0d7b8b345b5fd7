"""The API Travel0 Classic opened for the tenant's migration scripts.

``POST /api/users/verify`` (email + password → the member's profile, or 401) and
``GET /api/users/by-email?email=`` (the profile, or 404). Both answer for consumers unless
given an ``agency`` (body field or query parameter): then for that partner agency's agents
only, so a tenant connection per group migrates exactly its own people. Every call must come from an
allowed address (else 403, whatever it carries) and carry the shared secret as
``Authorization: Bearer <secret>`` (else 401), compared in constant time. Errors are JSON.
"""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, current_app, jsonify, request

from .db import find_in_group, get_db
from .hashing import verify_password

log = logging.getLogger(__name__)
bp = Blueprint("api", __name__, url_prefix="/api")

MAX_EMAIL = 320
MAX_PASSWORD = 1024
MAX_AGENCY = 100


def error(status: int, code: str, description: str, **headers):
    response = jsonify(error=code, error_description=description)
    response.status_code = status
    response.headers.update(headers)
    return response


@bp.before_request
def guard():
    """Firewall first (an outsider learns nothing, even with the secret), then the secret."""
    if not current_app.extensions["legacy.allow_list"].allows(request.remote_addr):
        log.warning("API call refused: %s is not an allowed address", request.remote_addr)
        return error(403, "forbidden", "This address may not call the Travel0 Classic API")
    secret = current_app.config["API_SECRET"]
    if not secret:
        return error(503, "not_configured", "The API has no shared secret configured")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             secret.encode()):
        log.warning("API call refused from %s: missing or wrong secret", request.remote_addr)
        return error(401, "unauthorized", "Send the shared secret as a bearer token",
                     **{"WWW-Authenticate": 'Bearer realm="travel0-classic"'})
    return None


@bp.post("/users/verify")
def verify():
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    email, password, agency = body.get("email"), body.get("password"), body.get("agency")
    if not isinstance(email, str) or not isinstance(password, str) or not email.strip() \
            or len(email) > MAX_EMAIL or len(password) > MAX_PASSWORD or not _agency_ok(agency):
        return error(400, "invalid_request",
                     'Send {"email": string, "password": string, "agency"?: string}')
    member = find_in_group(get_db(), email, agency or None)
    if not verify_password(password, member.password_hash if member else None):
        return error(401, "invalid_credentials", "Wrong email or password")
    return jsonify(member.profile())


@bp.get("/users/by-email")
def by_email():
    email, agency = request.args.get("email", ""), request.args.get("agency")
    if not email.strip() or len(email) > MAX_EMAIL or not _agency_ok(agency):
        return error(400, "invalid_request", "Send ?email=<address>[&agency=<name>]")
    member = find_in_group(get_db(), email, agency or None)
    if member is None:
        return error(404, "not_found", "No member has this email address")
    return jsonify(member.profile())


def _agency_ok(agency) -> bool:
    """Absent, or a short string."""
    return agency is None or (isinstance(agency, str) and len(agency) <= MAX_AGENCY)
