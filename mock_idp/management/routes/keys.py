"""``/api/v2/keys/signing``: list, read, rotate and revoke the tenant's signing keys."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from flask import Blueprint, current_app, jsonify

from ...models import SigningKey
from ..auth import requires
from ..errors import ApiError, not_found
from ..serialize import iso
from .common import now

bp = Blueprint("keys", __name__)
CERT_YEARS = 10


def certificate(row: SigningKey) -> x509.Certificate:
    """A self-signed certificate of the key, the same every time (fixed serial and dates)."""
    key = serialization.load_pem_private_key(row.private_pem.encode(), password=None)
    host = urlsplit(current_app.config["ISSUER"]).hostname or "localhost"
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    start = datetime.fromtimestamp(row.created_at, tz=UTC)
    serial = int.from_bytes(hashlib.sha256(row.kid.encode()).digest()[:16], "big") >> 1
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(serial).not_valid_before(start)
            .not_valid_after(start + timedelta(days=365 * CERT_YEARS))
            .sign(key, hashes.SHA256()))


def key_json(row: SigningKey) -> dict:
    cert = certificate(row)
    sha1 = cert.fingerprint(hashes.SHA1()).hex().upper()
    data = {
        "kid": row.kid, "cert": cert.public_bytes(serialization.Encoding.PEM).decode(),
        "pkcs7": pkcs7.serialize_certificates([cert], serialization.Encoding.PEM).decode(),
        "current": row.status == "current", "next": row.status == "next",
        "previous": row.status == "previous", "revoked": row.status == "revoked",
        "fingerprint": ":".join(sha1[i:i + 2] for i in range(0, len(sha1), 2)), "thumbprint": sha1,
        "current_since": iso(row.current_since), "current_until": iso(row.current_until),
        "revoked_at": iso(row.revoked_at),
    }
    return {key: value for key, value in data.items() if value is not None}


def _ring():
    return current_app.extensions["mock_idp.keys"]


def _find(kid: str) -> SigningKey:
    row = next((r for r in _ring().all_keys() if r.kid == kid), None)
    if row is None:
        raise not_found("The signing key does not exist", "inexistent_key")
    return row


@bp.get("/keys/signing")
@requires("read:signing_keys")
def list_keys():
    return jsonify([key_json(row) for row in _ring().all_keys()])


@bp.get("/keys/signing/<kid>")
@requires("read:signing_keys")
def get_key(kid: str):
    return jsonify(key_json(_find(kid)))


@bp.post("/keys/signing/rotate")
@requires("create:signing_keys", "update:signing_keys")
def rotate():
    row = _ring().rotate(now())
    return jsonify(kid=row.kid, cert=key_json(row)["cert"]), 201


@bp.put("/keys/signing/<kid>/revoke")
@requires("update:signing_keys")
def revoke(kid: str):
    row = _find(kid)
    if row.status == "current":
        raise ApiError(400, "The current signing key cannot be revoked; rotate first.",
                       "invalid_key_state")
    row = _ring().revoke(kid, now())
    return jsonify(kid=row.kid, cert=key_json(row)["cert"])
