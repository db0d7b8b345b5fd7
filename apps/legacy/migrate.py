"""The bulk stage of the migration: every Travel0 Classic member into the tenant in one go.

Run it once the trickle (login-time) migration has brought over the members who log in
regularly: it exports all members (apps/legacy/export.py), submits them to the tenant with
``POST /api/v2/jobs/users-imports`` (in 500 KB files) through the official auth0-python
client, waits for each job and prints a summary. Members already migrated come back as
``DUPLICATED_USER`` and stay as they are (``upsert`` is off: what they changed since is
kept); rows the tenant refuses are listed with Auth0's reason; nobody else is lost.

    AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... \\
      python -m apps.legacy.migrate --domain travel0-dev.us.auth0.com
      python -m apps.legacy.migrate --domain ... --agency coral-cruises \\
          --connection Coral-Cruises-Classic   # a partner agency, into its own connection

The client is an M2M application authorized for the Management API with ``create:users``,
``read:users`` and ``read:connections`` (Travel0 Management in tenants/main; the mock lists its
credentials at ``<tenant>/_cookbook/clients``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field

import httpx
import requests
from auth0.management import Auth0
from auth0.management.core.api_error import ApiError

from .config import DEFAULTS
from .export import batches, export_members, read_members

POLL_INTERVAL = 1.0
JOB_TIMEOUT = 300.0


class MigrationError(RuntimeError):
    """The tenant refused a step; the message says which and why."""


@dataclass
class Outcome:
    """What the import jobs did, summed over all files."""

    jobs: list[str] = field(default_factory=list)
    inserted: int = 0
    duplicates: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (email, reason)
    failed_jobs: list[tuple[str, str]] = field(default_factory=list)  # (job id, reason)


def management_client(base_url: str, client_id: str, client_secret: str) -> Auth0:
    """auth0-python's Management API client with a client-credentials token."""
    response = requests.post(f"{base_url}/oauth/token", timeout=15, data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": client_secret, "audience": f"{base_url}/api/v2/"})
    if response.status_code != 200:
        raise MigrationError(f"no Management API token from {base_url}: "
                             f"{response.status_code} {response.text[:200]}")
    return Auth0(base_url=f"{base_url}/api/v2", token=response.json()["access_token"],
                 max_retries=0, httpx_client=httpx.Client(timeout=30))


def connection_id(api: Auth0, name: str) -> str:
    for connection in api.connections.list(name=name):
        if connection.name == name:
            return connection.id
    raise MigrationError(f"the tenant has no connection named {name}")


def import_records(api: Auth0, connection: str, records: list[dict], *,
                   poll_interval: float = POLL_INTERVAL, timeout: float = JOB_TIMEOUT) -> Outcome:
    """Submit ``records`` in Auth0-sized files, wait for each job, collect the results."""
    target = connection_id(api, connection)
    outcome = Outcome()
    for number, batch in enumerate(batches(records), start=1):
        users = ("travel0-classic.json", json.dumps(batch).encode(), "application/json")
        job = api.jobs.users_imports.create(users=users, connection_id=target, upsert=False,
                                            external_id=f"travel0-classic-{number}",
                                            send_completion_email=False)
        outcome.jobs.append(job.id)
        _collect(api, _wait(api, job.id, poll_interval, timeout), outcome)
    return outcome


def _wait(api: Auth0, job_id: str, poll_interval: float, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        job = api.jobs.get(job_id)
        if job.status in ("completed", "failed"):
            return job
        if time.monotonic() > deadline:
            raise MigrationError(f"job {job_id} did not finish within {timeout:.0f}s")
        if poll_interval:
            time.sleep(poll_interval)


def _collect(api: Auth0, job, outcome: Outcome) -> None:
    if job.status == "failed":
        outcome.failed_jobs.append((job.id, getattr(job, "status_details", None) or "failed"))
        return
    outcome.inserted += job.summary.inserted if job.summary else 0
    for entry in api.jobs.errors.get(job.id) or []:
        email = str((entry.user or {}).get("email", "?"))
        codes = [(error.code, getattr(error, "path", None)) for error in entry.errors or []]
        if codes == [("DUPLICATED_USER", None)]:  # the email is in the connection already
            outcome.duplicates.append(email)
        else:
            reasons = "; ".join(f"{e.code}: {e.message}" for e in entry.errors or [])
            outcome.rejected.append((email, reasons))


def report(outcome: Outcome, exported: int, without_password: list[str]) -> str:
    """The summary printed at the end: counts first, then every member that needs a look."""
    head = (f"exported {exported} members in {len(outcome.jobs)} import job(s): "
            f"{outcome.inserted} imported, {len(outcome.duplicates)} already in the tenant, "
            f"{len(outcome.rejected)} rejected")
    lines = [head]
    lines += [f"  already migrated (kept as they are): {email}" for email in outcome.duplicates]
    lines += [f"  rejected: {email}: {reason}" for email, reason in outcome.rejected]
    lines += [f"  imported without a password (must reset): {email}" for email in without_password]
    lines += [f"  job {job_id} failed: {reason}" for job_id, reason in outcome.failed_jobs]
    return "\n".join(lines)


def main(argv: list[str] | None = None, *, poll_interval: float = POLL_INTERVAL) -> int:
    parser = argparse.ArgumentParser(prog="python -m apps.legacy.migrate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domain", required=True, help="the tenant: a domain or a base URL")
    parser.add_argument("--connection", default=DEFAULTS["MIGRATION_CONNECTION"])
    parser.add_argument("--database-url", default=DEFAULTS["DATABASE_URL"])
    parser.add_argument("--agency", help="import this partner agency's agents (into its own "
                        "connection, e.g. --connection Coral-Cruises-Classic) instead of the "
                        "consumers")
    args = parser.parse_args(argv)
    client_id, secret = os.environ.get("AUTH0_CLIENT_ID"), os.environ.get("AUTH0_CLIENT_SECRET")
    if not client_id or not secret:
        print("set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (an M2M client with create:users, "
              "read:users and read:connections on the Management API)", file=sys.stderr)
        return 2
    base = (args.domain if "://" in args.domain else f"https://{args.domain}").rstrip("/")
    exported = export_members(read_members(args.database_url, args.agency))
    try:
        api = management_client(base, client_id, secret)
        outcome = import_records(api, args.connection, exported.records,
                                 poll_interval=poll_interval)
    except (MigrationError, ApiError, httpx.HTTPError, requests.RequestException) as exc:
        print(f"migration stopped: {exc}", file=sys.stderr)
        return 1
    print(report(outcome, len(exported.records), exported.without_password))
    return 1 if outcome.failed_jobs else 0


if __name__ == "__main__":
    sys.exit(main())
