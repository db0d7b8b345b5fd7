"""Travel0 Classic's own password format (salted PBKDF2-HMAC-SHA256, not bcrypt) and its
seeded members, whose documented demo passwords must match the stored hashes."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from apps.legacy.db import SEED_FILE
from apps.legacy.hashing import hash_password, parse_hash, verify_password
from tests.support.legacy import members

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.provisioning.user-migration")]


def test_hashes_are_salted_pbkdf2_in_the_apps_own_format():
    first, second = hash_password("Same-Password-1", 1000), hash_password("Same-Password-1", 1000)
    assert first != second, "a fresh salt every time"
    scheme, digest, iterations, salt, key = first.split("$")
    assert (scheme, digest, iterations) == ("PBKDF2", "sha256", "1000")
    assert bytes.fromhex(key) == hashlib.pbkdf2_hmac("sha256", b"Same-Password-1",
                                                     bytes.fromhex(salt), 1000)
    assert not first.startswith("$2"), "not bcrypt"


def test_verify_accepts_the_password_and_nothing_else():
    stored = hash_password("Right-Password-1", 1000)
    assert verify_password("Right-Password-1", stored)
    for wrong in ("right-password-1", "Right-Password-1 ", ""):
        assert not verify_password(wrong, stored)


@pytest.mark.parametrize("stored", [None, "", "PBKDF2$sha256$1000$zz$00", "PBKDF2$md5$1000$00$00",
                                    "PBKDF2$sha256$0$00$00", "PBKDF2$sha256$99999999$00$00",
                                    "$2b$10$" + "a" * 53, "PBKDF2$sha256$1000$$00"])
def test_unreadable_hashes_never_verify(stored):
    assert parse_hash(stored) is None if stored else True
    assert not verify_password("anything", stored)


def test_every_demo_password_matches_its_seeded_hash():
    seeded = {m["email"]: m["password_hash"]
              for m in yaml.safe_load(SEED_FILE.read_text())["members"]}
    assert set(seeded) == set(members())
    for email, password in members().items():
        assert verify_password(password, seeded[email]), email
        assert not verify_password(password + "x", seeded[email])
