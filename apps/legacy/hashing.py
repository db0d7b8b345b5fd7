"""Travel0 Classic's own password hashing: salted PBKDF2-HMAC-SHA256 in the app's format
``PBKDF2$sha256$<iterations>$<salt hex>$<key hex>`` (what the app wrote since 2016; not bcrypt,
not PHC). ``apps/legacy/export.py`` maps it to the PHC string Auth0's bulk import takes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

SCHEME = "PBKDF2"
DIGESTS = {"sha256", "sha512"}
SALT_BYTES = 16
MAX_ITERATIONS = 2_000_000
# Checked when the email is unknown, so a miss costs as much as a wrong password.
_DUMMY = ("PBKDF2$sha256$36000$7436a06a66982e00b6bbeca8d2"
          "7d5e31$221e18ebd25907b0a158bbd28fe53f7632c56d0daac9a3c2591e4c74ee82745f")


@dataclass(frozen=True)
class LegacyHash:
    """The parts of a stored Travel0 Classic password hash."""

    digest: str
    iterations: int
    salt: bytes
    key: bytes


def hash_password(password: str, iterations: int, digest: str = "sha256") -> str:
    """A new hash in Travel0 Classic's format (fresh random salt)."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = hashlib.pbkdf2_hmac(digest, password.encode(), salt, iterations)
    return f"{SCHEME}${digest}${iterations}${salt.hex()}${key.hex()}"


def parse_hash(stored: str | None) -> LegacyHash | None:
    """The parts of ``stored``, or None when it is not a hash this app wrote."""
    parts = (stored or "").split("$")
    if len(parts) != 5 or parts[0] != SCHEME or parts[1] not in DIGESTS:
        return None
    if not parts[2].isdigit() or not 1 <= int(parts[2]) <= MAX_ITERATIONS:
        return None
    try:
        salt, key = bytes.fromhex(parts[3]), bytes.fromhex(parts[4])
    except ValueError:
        return None
    if not salt or not key:
        return None
    return LegacyHash(parts[1], int(parts[2]), salt, key)


def verify_password(password: str, stored: str | None) -> bool:
    """Check ``password`` in constant time; an unusable or missing hash costs the same work."""
    parsed = parse_hash(stored)
    checked = parsed or parse_hash(_DUMMY)
    derived = hashlib.pbkdf2_hmac(checked.digest, password.encode(), checked.salt,
                                  checked.iterations, len(checked.key))
    return parsed is not None and hmac.compare_digest(derived, parsed.key)
