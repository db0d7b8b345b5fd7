"""Password hashing with bcrypt; the cost of new hashes is a tenant setting (low in tests)."""

from __future__ import annotations

import bcrypt

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
    try:
        return bcrypt.checkpw(candidate, password_hash.encode())
    except ValueError:
        return False
