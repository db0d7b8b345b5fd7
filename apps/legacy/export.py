"""Travel0 Classic's members in Auth0's bulk-import format (``POST /api/v2/jobs/users-imports``).

Each member becomes one record with the same ``user_id`` and fields the tenant's login script
gives a member who migrates by logging in (tenants/main/databases/Travel0-Classic/login.js),
and with their password hash as ``custom_password_hash``: the app's
``PBKDF2$sha256$<i>$<salt hex>$<key hex>`` rewritten as the PHC string Auth0 verifies
(``algorithm: pbkdf2``, ``$pbkdf2-sha256$i=<i>,l=<key length>$<B64 salt>$<B64 key>``, B64 being
base64 without padding). Nothing is left out: a row the tenant will refuse (a broken email) is
exported as it is and comes back in the job's errors; a hash this app cannot read is exported
without it and listed, since that member will have to reset their password.

    python -m apps.legacy.export --output users.json     # just the file
    python -m apps.legacy.export --agency coral-cruises  # one partner agency's agents
    python -m apps.legacy.migrate --domain ...           # export, import, report
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
from dataclasses import dataclass, field

from sqlalchemy import select

from .config import DEFAULTS
from .db import Member, in_group, make_sessionmaker
from .hashing import parse_hash

MIGRATED_FROM = "travel0-classic"
MAX_FILE_BYTES = 500 * 1024  # Auth0's limit for one users-imports file


@dataclass
class Export:
    """The import records, and the members exported without their password."""

    records: list[dict] = field(default_factory=list)
    without_password: list[str] = field(default_factory=list)


def phc_string(stored: str) -> str | None:
    """The app's hash as Auth0's PBKDF2 PHC string, or None when it is not one it wrote."""
    parsed = parse_hash(stored)
    if parsed is None:
        return None
    salt, key = _b64(parsed.salt), _b64(parsed.key)
    return f"$pbkdf2-{parsed.digest}$i={parsed.iterations},l={len(parsed.key)}${salt}${key}"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def to_record(member: Member) -> dict:
    """One member as a users-imports record (the login script's profile, plus the hash)."""
    name = member.display_name or " ".join(
        part for part in (member.first_name, member.last_name) if part) or member.email
    user_metadata = {"marketing_consent": bool(member.newsletter)}
    if member.language:
        user_metadata["preferred_language"] = member.language
    app_metadata = {"migrated_from": MIGRATED_FROM, "loyalty_points": member.loyalty_points or 0}
    if member.member_since:
        app_metadata["classic_member_since"] = member.member_since
    if member.agency:
        app_metadata["classic_agency"] = member.agency
    record = {"user_id": f"classic-{member.id}", "email": member.email,
              "email_verified": bool(member.email_confirmed), "name": name,
              "user_metadata": user_metadata, "app_metadata": app_metadata}
    record.update({key: value for key, value in (("given_name", member.first_name),
                                                 ("family_name", member.last_name)) if value})
    phc = phc_string(member.password_hash)
    if phc is not None:
        record["custom_password_hash"] = {"algorithm": "pbkdf2",
                                          "hash": {"value": phc, "encoding": "utf8"}}
    return record


def export_members(members) -> Export:
    """Every member, in member-number order."""
    result = Export()
    for member in sorted(members, key=lambda m: m.id):
        record = to_record(member)
        result.records.append(record)
        if "custom_password_hash" not in record:
            result.without_password.append(member.email)
    return result


def read_members(database_url: str, agency: str | None = None) -> list[Member]:
    """The consumers of the legacy database at ``database_url``, or one agency's agents:
    each group goes to its own tenant connection."""
    sessions = make_sessionmaker(database_url)
    try:
        with sessions() as session:
            return in_group(session.scalars(select(Member)), agency)
    finally:
        sessions.kw["bind"].dispose()


def batches(records: list[dict], limit: int = MAX_FILE_BYTES) -> list[list[dict]]:
    """The records split into files Auth0 accepts (each JSON array under ``limit`` bytes)."""
    files, current, size = [], [], 2
    for record in records:
        length = len(json.dumps(record).encode()) + 2
        if current and size + length > limit:
            files.append(current)
            current, size = [], 2
        current.append(record)
        size += length
    return files + ([current] if current else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apps.legacy.export", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULTS["DATABASE_URL"],
                        help="the legacy database (default: %(default)s)")
    parser.add_argument("--output", help="file to write (default: standard output)")
    parser.add_argument("--agency", help="a partner agency's agents instead of the consumers")
    args = parser.parse_args(argv)
    exported = export_members(read_members(args.database_url, args.agency))
    text = json.dumps(exported.records, indent=2) + "\n"
    if args.output:  # password hashes inside: readable by the owner only
        descriptor = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    for email in exported.without_password:
        print(f"warning: {email} has no readable hash; they will have to reset their password",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
