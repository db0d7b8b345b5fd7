"""Provisioning a new organization as a resumable record of idempotent steps.

A record is written before the tenant is touched and keyed by the organization's name, so a
second "provision" of the same name finds it instead of making a second organization. Each
step first looks at the tenant and only then changes it, and its outcome is committed as soon
as it is known: after a failure (the tenant refusing a call, a timeout, a crash) the record
says which steps are done, and :func:`run` on it again — a retry — does only what is missing.
An organization of the same name that this record did not make is never adopted (its
``metadata.provisioning_id`` tells them apart). A record runs in one request at a time: a
run claims it, and a claim expires after :data:`LEASE_SECONDS` in case a worker died.

Steps: create the organization (name, display name, branding, metadata) → enable its
connection (the shared database, or an enterprise connection that then assigns membership on
login) → its first admin (an invitation with the org-admin role, or a user in the database
with membership and role) → tell the admin (the invitation email went out with the
invitation; a created admin gets a password-reset email to choose a password).
"""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from apps.common.errors import UpstreamError
from apps.common.management import ManagementRefused

from .store import Provisioning, now_iso, store

log = logging.getLogger(__name__)

STEPS = ("create_organization", "enable_connection", "first_admin", "notify_admin")
STEP_TITLES = {
    "create_organization": "Create the organization",
    "enable_connection": "Enable its login connection",
    "first_admin": "Make its first admin",
    "notify_admin": "Tell the first admin",
}
LEASE_SECONDS = 120
RECORD_KEY = "provisioning_id"  # in the organization's metadata: who made it


class ProvisioningError(Exception):
    """A step cannot complete: the reason is shown on the record's page."""


class AlreadyProvisioned(Exception):
    def __init__(self, record: Provisioning):
        super().__init__(record.org_name)
        self.record = record


class Busy(Exception):
    """Another request is running this record right now."""


def start(spec: dict, operator_email: str) -> tuple[Provisioning, bool]:
    """The record for ``spec["name"]``: a new one, or the unfinished one of that name (its own
    spec is kept, so a retry finishes what was asked first). ``True`` when new."""
    existing = _by_name(spec["name"])
    if existing is None:
        stamp = now_iso()
        record = Provisioning(id=uuid.uuid4().hex, org_name=spec["name"], spec=spec,
                              status="pending", steps={}, created_by=operator_email,
                              created_at=stamp, updated_at=stamp, attempts=0, last_error="")
        try:
            with store().session.begin() as db:
                db.add(record)
            return record, True
        except IntegrityError:  # another request wrote the record of this name first
            existing = _by_name(spec["name"])
    if existing.status == "completed":
        raise AlreadyProvisioned(existing)
    return existing, False


def _by_name(name: str) -> Provisioning | None:
    with store().session() as db:
        return db.scalar(select(Provisioning).where(Provisioning.org_name == name))


def get(record_id: str) -> Provisioning | None:
    with store().session() as db:
        return db.get(Provisioning, record_id[:32])


def records() -> list[Provisioning]:
    with store().session() as db:
        return list(db.scalars(select(Provisioning).order_by(Provisioning.created_at.desc())))


def run(record_id: str, ops) -> Provisioning:
    """Do the record's missing steps with ``ops`` (``tenant.py``, or a stand-in in unit tests).
    Returns the record as it ends: ``completed``, or ``failed`` with ``last_error``."""
    _claim(record_id)
    record = get(record_id)
    for step in STEPS:
        if record.steps.get(step, {}).get("status") == "done":
            continue
        try:
            detail, org_id = STEP_FUNCTIONS[step](record, ops)
        except (ProvisioningError, ManagementRefused, UpstreamError) as exc:
            message = _message(exc)
            log.warning("provisioning %s: step %s failed: %s", record.org_name, step, message)
            return _save(record_id, step, "failed", message, status="failed")
        record = _save(record_id, step, "done", detail, org_id=org_id)
    return _save(record_id, None, None, "", status="completed")


def _claim(record_id: str) -> None:
    stale = (datetime.now(UTC) - timedelta(seconds=LEASE_SECONDS)).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    with store().session.begin() as db:
        claimed = db.execute(
            update(Provisioning)
            .where(Provisioning.id == record_id,
                   or_(Provisioning.status.in_(("pending", "failed")),
                       (Provisioning.status == "running") & (Provisioning.updated_at < stale)))
            .values(status="running", attempts=Provisioning.attempts + 1, updated_at=now_iso())
        ).rowcount
    if not claimed:
        record = get(record_id)
        if record is not None and record.status == "completed":
            raise AlreadyProvisioned(record)
        raise Busy(record_id)


def _save(record_id: str, step: str | None, outcome: str | None, detail: str, *,
          status: str | None = None, org_id: str | None = None) -> Provisioning:
    with store().session.begin() as db:
        record = db.get(Provisioning, record_id)
        if step is not None:
            record.steps = {**record.steps, step: {"status": outcome, "at": now_iso(),
                                                   "detail": detail[:500]}}
        if org_id:
            record.org_id = org_id
        if status:
            record.status = status
            record.last_error = detail[:1000] if status == "failed" else ""
        record.updated_at = now_iso()
    return record


def _message(exc: Exception) -> str:
    if isinstance(exc, ManagementRefused):
        return f"The tenant refused the request (HTTP {exc.status}): {exc.message}"
    if isinstance(exc, UpstreamError):
        return "The tenant could not be reached or answered nonsense; nothing was lost."
    return str(exc)


# -- the steps: each returns (detail for the page, organization id or None) ------------------

def _create_organization(record: Provisioning, ops) -> tuple[str, str | None]:
    spec = record.spec
    found = ops.organization_by_name(spec["name"])
    if found is None:
        metadata = {**spec.get("metadata", {}), RECORD_KEY: record.id}
        try:
            found = ops.create_organization(spec["name"], spec["display_name"],
                                            spec.get("branding") or {}, metadata)
            return f"Created {found['id']}.", found["id"]
        except ManagementRefused as exc:
            if exc.status != 409:
                raise
            found = ops.organization_by_name(spec["name"])  # made meanwhile: ours?
    if found and (found.get("metadata") or {}).get(RECORD_KEY) == record.id:
        return f"Found {found['id']}, made by this provisioning earlier.", found["id"]
    raise ProvisioningError(
        f"An organization named {spec['name']!r} already exists in the tenant and was not "
        "made by this provisioning. Nothing was changed; choose another name.")


def _enable_connection(record: Provisioning, ops) -> tuple[str, None]:
    spec = record.spec
    connection = ops.connection_by_name(spec["connection"])
    if connection is None:
        raise ProvisioningError(f"The tenant has no connection named {spec['connection']!r}.")
    if connection["id"] in ops.enabled_connection_ids(record.org_id):
        return f"{spec['connection']} was already enabled.", None
    enterprise = connection.get("strategy") != "auth0"
    ops.enable_connection(record.org_id, connection["id"], assign_membership=enterprise)
    return f"{spec['connection']} enabled" + (
        " (members join on their first login)." if enterprise else "."), None


def _first_admin(record: Provisioning, ops) -> tuple[str, None]:
    spec = record.spec
    role = ops.role_id(spec["admin_role"])
    if role is None:
        raise ProvisioningError(f"The tenant has no role named {spec['admin_role']!r}.")
    email = spec["admin_email"]
    if spec["admin_mode"] == "invite":
        if ops.invitations_for(record.org_id, email):
            return f"{email} was already invited.", None
        connection = ops.connection_by_name(spec["connection"])
        ops.invite(record.org_id, email, spec["inviter"], connection["id"], [role])
        return f"Invited {email} as {spec['admin_role']}.", None
    user = ops.user_in_connection(email, spec["connection"])
    if user is None:
        try:
            # A password nobody knows: the admin chooses theirs from the reset email.
            user = ops.create_user(email, spec["connection"], _unguessable_password())
        except ManagementRefused as exc:
            user = ops.user_in_connection(email, spec["connection"]) if exc.status == 409 else None
            if user is None:
                raise
    ops.add_member(record.org_id, user["user_id"], [role])
    return f"{email} ({user['user_id']}) is a member with {spec['admin_role']}.", None


def _notify_admin(record: Provisioning, ops) -> tuple[str, None]:
    spec = record.spec
    if spec["admin_mode"] == "invite":
        return "The invitation email went out with the invitation.", None
    ops.send_password_reset(spec["admin_email"], spec["connection"])
    return f"Emailed {spec['admin_email']} a link to choose a password.", None


def _unguessable_password() -> str:
    return secrets.token_urlsafe(24) + "-Aa1"


STEP_FUNCTIONS = {"create_organization": _create_organization,
                  "enable_connection": _enable_connection, "first_admin": _first_admin,
                  "notify_admin": _notify_admin}
