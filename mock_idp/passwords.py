"""Password hashing with bcrypt; the cost of new hashes is a tenant setting (low in tests).

Imported users may also carry argon2 hashes (``$argon2id$…``) or PBKDF2 hashes in the PHC
string format Auth0's bulk import takes (``$pbkdf2-sha256$i=…,l=…$<salt>$<key>``); those
verify too, so migrated users log in with the password they had.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# custom_password_hash.algorithm -> how its hash.value starts (what the mock can verify).
HASH_PREFIXES = {"bcrypt": "$2", "argon2": "$argon2", "pbkdf2": "$pbkdf2-"}
# Auth0's PBKDF2 digests (Node's names) that hashlib computes, and Auth0's defaults for the
# PHC parameters a hash leaves out.
PBKDF2_DIGESTS = {
    **{name: name for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")},
    **{f"RSA-{name.upper()}": name for name in ("md5", "sha1", "sha224", "sha256", "sha384",
                                                 "sha512")},
    **{f"{name}WithRSAEncryption": name for name in ("md5", "sha1", "sha224", "sha256",
                                                      "sha384", "sha512")},
    "RSA-SHA1-2": "sha1", "ssl3-md5": "md5", "ssl3-sha1": "sha1",
}
PBKDF2_DEFAULTS = {"i": 100000, "l": 64}
# A stored hash sets the work of every login that checks it: refuse absurd ones at import.
PBKDF2_MAX_ITERATIONS = 5_000_000
PHC_B64 = re.compile(r"^[A-Za-z0-9+/]+$")

# A fixed hash to compare against when the user does not exist, so an unknown email
# costs the same time as a wrong password and response time reveals nothing.
_DUMMY_HASH = b"$2b$10$CwTycUXWue0Thq9StjUM0uJ8.L0Dj7kZ5ZsmUV0n2C6n8f3d0n0Rm"


def hash_password(password: str, rounds: int) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def needs_rehash(password_hash: str) -> bool:
    """Imported argon2/PBKDF2 hashes are replaced by bcrypt at the first good login, as Auth0
    does; after that the legacy algorithm is never consulted again."""
    return not password_hash.startswith(("$2a$", "$2b$", "$2y$"))


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check ``password``; with no hash, burn the same time and answer False."""
    candidate = password.encode()[:72]
    if not password_hash:
        bcrypt.checkpw(candidate, _DUMMY_HASH)
        return False
    if password_hash.startswith("$argon2"):
        return _verify_argon2(password, password_hash)
    if password_hash.startswith(HASH_PREFIXES["pbkdf2"]):
        return _verify_pbkdf2(password, password_hash)
    try:
        return bcrypt.checkpw(candidate, password_hash.encode())
    except ValueError:
        return False


def _verify_argon2(password: str, password_hash: str) -> bool:
    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def is_supported_hash(password_hash: str) -> bool:
    """Whether ``verify_password`` can check this hash (bcrypt ``$2a/b/y$``, argon2, PBKDF2)."""
    if password_hash.startswith(HASH_PREFIXES["pbkdf2"]):
        return parse_pbkdf2(password_hash) is not None
    if password_hash.startswith(("$2a$", "$2b$", "$2y$")):
        return len(password_hash) == 60
    if password_hash.startswith(("$argon2id$", "$argon2i$", "$argon2d$")):
        try:
            PasswordHasher().check_needs_rehash(password_hash)
        except (InvalidHashError, ValueError):
            return False
        return True
    return False


def matches_algorithm(algorithm: str, password_hash: str) -> bool:
    """Whether ``password_hash`` is a hash of ``custom_password_hash.algorithm`` that the
    mock can verify (the import job and the tenant loader both ask)."""
    prefix = HASH_PREFIXES.get(algorithm)
    return prefix is not None and password_hash.startswith(prefix) and \
        is_supported_hash(password_hash)


@dataclass(frozen=True)
class Pbkdf2Hash:
    """A PBKDF2 hash in PHC form: ``$pbkdf2-<digest>$i=<iterations>,l=<keylen>$<salt>$<key>``."""

    digest: str
    iterations: int
    salt: bytes
    key: bytes


def parse_pbkdf2(value: str) -> Pbkdf2Hash | None:
    """The parts of a PHC PBKDF2 string as Auth0 reads it (B64 without padding, ``i`` and
    ``l`` optional with Auth0's defaults), or None when it is not one the mock can check."""
    parts = value.split("$")
    if len(parts) not in (4, 5) or parts[0] or not parts[1].startswith("pbkdf2-"):
        return None
    digest = PBKDF2_DIGESTS.get(parts[1].removeprefix("pbkdf2-"))
    params = _phc_params(parts[2]) if len(parts) == 5 else dict(PBKDF2_DEFAULTS)
    salt, key = _phc_b64(parts[-2]), _phc_b64(parts[-1])
    if digest is None or params is None or not salt or not key:
        return None
    if not 1 <= params["i"] <= PBKDF2_MAX_ITERATIONS or params["l"] != len(key):
        return None
    return Pbkdf2Hash(digest, params["i"], salt, key)


def _phc_params(text: str) -> dict | None:
    params = dict(PBKDF2_DEFAULTS)
    for pair in text.split(","):
        name, _, raw = pair.partition("=")
        if name not in params or not raw.isdigit() or len(raw) > 9:
            return None
        params[name] = int(raw)
    return params


def _phc_b64(text: str) -> bytes | None:
    if not PHC_B64.match(text) or len(text) % 4 == 1:
        return None
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _verify_pbkdf2(password: str, password_hash: str) -> bool:
    parsed = parse_pbkdf2(password_hash)
    if parsed is None:
        return False
    derived = hashlib.pbkdf2_hmac(parsed.digest, password.encode(), parsed.salt,
                                  parsed.iterations, len(parsed.key))
    return hmac.compare_digest(derived, parsed.key)
