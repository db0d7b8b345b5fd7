"""The bulk export: legacy members as Auth0 users-imports records, their PBKDF2 hashes
rewritten as the PHC strings Auth0 (and the mock tenant) verify, split into 500 KB files."""

from __future__ import annotations

import json

import pytest

from apps.legacy.db import Member
from apps.legacy.export import MAX_FILE_BYTES, batches, export_members, phc_string, to_record
from apps.legacy.hashing import hash_password
from mock_idp.management.jobs.imports import record_errors
from mock_idp.passwords import parse_pbkdf2, verify_password
from observability.allowlist import AllowList

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.provisioning.user-migration")]


def member(**fields) -> Member:
    defaults = {"id": 7, "email": "ada@classic.example", "first_name": "Ada", "last_name": "Byron",
                "display_name": None, "email_confirmed": True, "newsletter": True,
                "language": "en", "member_since": "2014-05-02", "loyalty_points": 120,
                "password_hash": hash_password("Ada-Classic-1", 1000)}
    return Member(**{**defaults, **fields})


def test_the_legacy_hash_becomes_a_phc_string_that_verifies_the_old_password():
    stored = hash_password("Ada-Classic-1", 1000)
    phc = phc_string(stored)
    assert phc.startswith("$pbkdf2-sha256$i=1000,l=32$") and "=" not in phc.split("$", 3)[3]
    parsed = parse_pbkdf2(phc)
    assert (parsed.digest, parsed.iterations) == ("sha256", 1000)
    assert bytes.fromhex(stored.split("$")[3]) == parsed.salt
    assert verify_password("Ada-Classic-1", phc) and not verify_password("Ada-Classic-2", phc)


def test_a_record_is_auth0s_import_shape_and_passes_the_jobs_checks():
    ada = member()
    record = to_record(ada)
    assert record == {
        "user_id": "classic-7", "email": "ada@classic.example", "email_verified": True,
        "name": "Ada Byron", "given_name": "Ada", "family_name": "Byron",
        "user_metadata": {"marketing_consent": True, "preferred_language": "en"},
        "app_metadata": {"migrated_from": "travel0-classic", "loyalty_points": 120,
                         "classic_member_since": "2014-05-02"},
        "custom_password_hash": {"algorithm": "pbkdf2", "hash": {
            "value": phc_string(ada.password_hash), "encoding": "utf8"}},
    }
    assert record_errors(record) == []


def test_sparse_members_leave_out_what_they_do_not_have():
    record = to_record(member(first_name=None, last_name=None, language=None, member_since=None,
                              loyalty_points=None, newsletter=False))
    assert record["name"] == "ada@classic.example"
    assert "given_name" not in record and "family_name" not in record
    assert record["user_metadata"] == {"marketing_consent": False}
    assert record["app_metadata"] == {"migrated_from": "travel0-classic", "loyalty_points": 0}


def test_a_hash_the_app_cannot_read_is_exported_without_it_and_listed():
    exported = export_members([member(id=2, password_hash="md5$legacy$abc"), member(id=1)])
    assert [r["user_id"] for r in exported.records] == ["classic-1", "classic-2"]
    assert "custom_password_hash" not in exported.records[1]
    assert exported.without_password == ["ada@classic.example"]


def test_a_broken_legacy_email_is_exported_for_the_job_to_report():
    record = to_record(member(email="kim at classic.example"))
    assert record_errors(record)[0]["code"] == "INVALID_FORMAT"


def test_records_are_split_into_files_under_auth0s_size_limit():
    records = [to_record(member(id=i, email=f"m{i}@classic.example")) for i in range(1500)]
    files = batches(records)
    assert len(files) > 1 and sum(len(f) for f in files) == 1500
    assert all(len(json.dumps(f).encode()) <= MAX_FILE_BYTES for f in files)
    assert [r["user_id"] for f in files for r in f] == [r["user_id"] for r in records]


@pytest.mark.scenario("b2c.phase1.operations.firewall")
@pytest.mark.scenario("b2b.phase1.operations.firewall")
def test_the_allow_list_takes_addresses_and_networks():
    allow = AllowList.parse("127.0.0.0/8, ::1, 203.0.113.7")
    for address in ("127.0.0.1", "127.8.9.10", "::1", "203.0.113.7", "::ffff:127.0.0.1"):
        assert allow.allows(address), address
    for address in ("10.0.0.1", "203.0.113.8", "::2", "", None, "localhost", "127.0.0.1, 8.8.8.8"):
        assert not allow.allows(address), address
    with pytest.raises(ValueError, match="'nonsense' is not an address"):
        AllowList.parse("127.0.0.1,nonsense")
