"""PBKDF2 hashes in the PHC string format Auth0's bulk import takes (custom_password_hash
``algorithm: pbkdf2``): verification, Auth0's defaults, and what the import job refuses."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest

from mock_idp.management.jobs.imports import record_errors
from mock_idp.passwords import (
    PBKDF2_MAX_ITERATIONS,
    is_supported_hash,
    matches_algorithm,
    parse_pbkdf2,
    verify_password,
)
from mock_idp.tenant import TenantFileError
from mock_idp.tenant.loader import _read_import_file

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.provisioning.user-migration")]
SALT = b"sixteen byte salt"


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def phc(password: str, digest: str = "sha256", iterations: int = 1000, length: int = 32,
        ident: str | None = None, params: str | None = None) -> str:
    key = hashlib.pbkdf2_hmac(digest, password.encode(), SALT, iterations, length)
    params = f"i={iterations},l={length}" if params is None else params
    head = f"$pbkdf2-{ident or digest}" + (f"${params}" if params else "")
    return f"{head}${b64(SALT)}${b64(key)}"


@pytest.mark.parametrize("digest", ["sha1", "sha256", "sha512", "md5"])
def test_phc_pbkdf2_hashes_verify_the_right_password_only(digest):
    value = phc("Old-Password-1", digest)
    assert verify_password("Old-Password-1", value)
    assert not verify_password("Old-Password-2", value)
    assert is_supported_hash(value) and matches_algorithm("pbkdf2", value)


def test_node_style_digest_names_are_understood():
    assert verify_password("pw", phc("pw", "sha256", ident="RSA-SHA256"))
    assert verify_password("pw", phc("pw", "sha512", ident="sha512WithRSAEncryption"))


def test_missing_parameters_take_auth0s_defaults():
    value = phc("pw", "sha512", iterations=100000, length=64, params="")
    assert parse_pbkdf2(value).iterations == 100000 and verify_password("pw", value)
    assert parse_pbkdf2(phc("pw", "sha512", iterations=100000, length=64, params="i=100000"))


@pytest.mark.parametrize("value", [
    "$pbkdf2-sha256$i=1000,l=32$c2FsdA$",                          # no key
    "$pbkdf2-whirlpool$i=1000,l=32$c2FsdA$a2V5",                    # digest not computed here
    "$pbkdf2-sha256$i=1000,l=31$" + b64(SALT) + "$" + b64(b"k" * 32),  # l disagrees
    "$pbkdf2-sha256$i=0,l=3$c2FsdA$a2V5",                           # no iterations
    f"$pbkdf2-sha256$i={PBKDF2_MAX_ITERATIONS + 1},l=3$c2FsdA$a2V5",   # absurd work per login
    "$pbkdf2-sha256$i=1000,l=3,x=1$c2FsdA$a2V5",                    # unknown parameter
    "$pbkdf2-sha256$i=1000,l=3$c2Fsd=A$a2V5",                       # not B64
    "$pbkdf2-sha256$i=1000,l=3$c2FsdA$a2V5$extra",
    "pbkdf2-sha256$i=1000,l=3$c2FsdA$a2V5",
])
def test_malformed_pbkdf2_hashes_are_refused_and_never_verify(value):
    assert parse_pbkdf2(value) is None and not is_supported_hash(value)
    assert not verify_password("pw", value)


def record(value: str, **hash_fields) -> dict:
    return {"email": "u@import.example",
            "custom_password_hash": {"algorithm": "pbkdf2", "hash": {"value": value, **hash_fields}}}


def test_the_import_job_takes_pbkdf2_records_as_auth0_documents_them():
    assert record_errors(record(phc("pw"))) == []
    assert record_errors(record(phc("pw"), encoding="utf8")) == []
    assert record_errors(record(phc("pw"), encoding="hex"))[0]["code"] == "INVALID_FORMAT"
    assert record_errors(record(phc("pw"), salt={"value": "x"}))[0]["code"] == "INVALID_FORMAT"
    assert record_errors(record("$2b$10$" + "a" * 53))[0]["code"] == "INVALID_FORMAT"


def test_tenant_import_files_may_carry_pbkdf2_hashes(tmp_path):
    path = tmp_path / "Username-Password-Authentication.json"
    path.write_text(json.dumps([record(phc("pw"))]))
    assert _read_import_file(path)[0]["email"] == "u@import.example"
    path.write_text(json.dumps([record("$pbkdf2-sha256$nonsense")]))
    with pytest.raises(TenantFileError, match="not a pbkdf2 hash"):
        _read_import_file(path)
