"""Password hashing with bcrypt; the cost of new hashes is a tenant setting (low in tests).

Imported users may also carry argon2 hashes (``$argon2id$…``, as Auth0's bulk import accepts);
those verify too, so migrated users log in with the password they had.
"""

from __future__ import annotations

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# A fixed hash to compare against when the user does not exist, so an unknown email
# costs the same time as a wrong password and response time reveals nothing.
_DUMMY_HASH = b"$2b$10$CwTycUXWue0Thq9StjUM0uJ8.L0Dj7kZ5ZsmUV0n2C6n8f3d0n0Rm"


def hash_password(password: str, rounds: int) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check ``password``; with no hash, burn the same time and answer False."""
    candidate = password.encode()[:72]
    if not password_hash:
        bcrypt.checkpw(candidate, _DUMMY_HASH)
        return False
    if password_hash.startswith("$argon2"):
        return _verify_argon2(password, password_hash)
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
    """Whether ``verify_password`` can check this hash (bcrypt ``$2a/b/y$`` or argon2)."""
    if password_hash.startswith(("$2a$", "$2b$", "$2y$")):
        return len(password_hash) == 60
    if password_hash.startswith(("$argon2id$", "$argon2i$", "$argon2d$")):
        try:
            PasswordHasher().check_needs_rehash(password_hash)
        except (InvalidHashError, ValueError):
            return False
        return True
    return False
