"""Deterministic client credentials for the mock tenants.

Auth0 assigns ``client_id`` and ``client_secret`` when a client is created, so the
tenant files never contain them. The mock derives stable values from a seed, the
tenant name and the client name, so apps, ``cookbook up`` and docker-compose can
know them before the tenant starts. Change the seed to get different secrets.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import string

DEFAULT_SEED = "identity-cookbook-dev"
_ALPHABET = string.digits + string.ascii_letters


def _digest(seed: str, purpose: str, tenant: str, client_name: str) -> bytes:
    message = f"{purpose}\x00{tenant}\x00{client_name}".encode()
    return hmac.new(seed.encode(), message, hashlib.sha256).digest()


def _base62(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    while len(chars) < length:
        number, rem = divmod(number, 62)
        chars.append(_ALPHABET[rem])
    return "".join(chars)


def client_credentials(tenant: str, client_name: str, seed: str = DEFAULT_SEED) -> tuple[str, str]:
    """Return ``(client_id, client_secret)`` for ``client_name`` in ``tenant``."""
    client_id = _base62(_digest(seed, "client_id", tenant, client_name), 32)
    secret_bytes = _digest(seed, "client_secret", tenant, client_name)
    secret_bytes += hashlib.sha256(secret_bytes).digest()
    client_secret = base64.urlsafe_b64encode(secret_bytes).rstrip(b"=").decode()[:64]
    return client_id, client_secret
