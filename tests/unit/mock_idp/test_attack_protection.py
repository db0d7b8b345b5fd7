"""Attack protection's logic without a server: settings and their validation, allow-lists,
the breached list's lookup, failure counters and the throttling bucket's refill."""

from __future__ import annotations

import unicodedata

import pytest
from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from mock_idp import clock
from mock_idp.models import Base, Connection, IpThrottle
from mock_idp.protection import brute_force, throttling
from mock_idp.protection.breached import DEFAULT_FILE, BreachedList
from mock_idp.protection.settings import AttackProtection, BruteForce, Bucket, Throttling, allowed
from mock_idp.tenant import TenantFileError, load_tenant
from tests.support.attack import BREACHED, STRONG, allowlisted_ip
from tests.support.tenant import TENANTS, demo_password

pytestmark = [pytest.mark.unit,
              pytest.mark.scenario("b2c.phase1.authentication.anomaly-detection")]


# -- settings -------------------------------------------------------------------------------

def test_a_tenant_without_the_section_gets_auth0s_defaults():
    settings = AttackProtection.from_tenant({})
    assert settings.brute_force == BruteForce()
    assert settings.brute_force.max_attempts == 10 and settings.brute_force.per_ip
    assert settings.brute_force.shields == {"block", "user_notification"}
    assert settings.breached.enabled is False
    assert settings.throttling.stages["pre-login"] == Bucket(100, 864000)
    assert settings.throttling.stages["pre-user-registration"] == Bucket(50, 1728000)


def test_the_main_tenant_settings_per_environment():
    dev = AttackProtection.from_tenant(load_tenant(TENANTS / "main", "dev").data)
    assert dev.breached.enabled and dev.breached.signup_shields == {"block", "admin_notification"}
    assert allowed(allowlisted_ip(), dev.brute_force.allowlist)
    assert allowed(allowlisted_ip(), dev.throttling.allowlist)
    assert not allowed("127.0.0.1", dev.brute_force.allowlist)


@pytest.mark.parametrize("ip,entries,expected", [
    ("192.0.2.10", ["192.0.2.10"], True),
    ("192.0.2.11", ["192.0.2.10"], False),
    ("198.51.100.200", ["198.51.100.0/24"], True),
    ("198.51.101.1", ["198.51.100.0/24"], False),
    ("2001:db8::7", ["2001:db8::/32"], True),
    ("2001:db8::7", ["192.0.2.0/24"], False),
    ("not-an-ip", ["192.0.2.0/24"], False),
    (None, ["192.0.2.0/24"], False),
    ("192.0.2.10", [], False),
])
def test_allow_lists_match_addresses_and_ranges(ip, entries, expected):
    assert allowed(ip, BruteForce.from_data({"allowlist": entries}).allowlist) is expected


def test_count_per_identifier_mode_ignores_the_ip():
    rules = BruteForce.from_data({"mode": "count_per_identifier"})
    assert not rules.per_ip
    assert brute_force._counter_ip(rules, "203.0.113.1") == ""
    assert brute_force._block_ip(rules, "203.0.113.1") is None
    assert brute_force._counter_ip(BruteForce(), "203.0.113.1") == "203.0.113.1"


@pytest.mark.parametrize("old,new,where,problem", [
    ("    max_attempts: 10\n", "    max_attempts: 0\n",
     "attackProtection.bruteForceProtection.max_attempts", "integer from 1 to 100"),
    ("    mode: count_per_identifier_and_ip\n", "    mode: per_ip\n",
     "attackProtection.bruteForceProtection.mode", "'per_ip' is not one of"),
    ("    shields: [block, user_notification]   #", "    shields: [block, shout]   #",
     "attackProtection.bruteForceProtection.shields[1]", "'shout' is not one of"),
    ("    method: standard\n", "    method: enhanced\n",
     "attackProtection.breachedPasswordDetection.method", "shipped list"),
    ("      pre-change-password:\n", "      pre-logout:\n",
     "attackProtection.breachedPasswordDetection.stage.pre-logout", "unknown setting"),
    ("        rate: 864000 ", "        rate: fast ",
     "attackProtection.suspiciousIpThrottling.stage.pre-login.rate", "integer"),
    ("  suspiciousIpThrottling:\n", "  suspiciousIPThrottling:\n",
     "attackProtection.suspiciousIPThrottling", "unknown setting"),
    ("    enabled: true\n    shields: [block, admin_notification]\n    allowlist",
     "    enabled: yes please\n    shields: [block, admin_notification]\n    allowlist",
     "attackProtection.suspiciousIpThrottling.enabled", "true or false"),
])
def test_attack_protection_errors_name_file_path_and_problem(tenant_copy, old, new, where,
                                                             problem):
    path = tenant_copy / "tenant.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert caught.value.path == path
    assert caught.value.where == where
    assert problem in caught.value.problem


def test_an_allowlist_entry_that_is_not_an_address_is_reported(tenant_copy):
    env = tenant_copy.parent / "env" / "dev.json"
    env.write_text(env.read_text().replace('"192.0.2.10"', '"office.example"', 1))
    with pytest.raises(TenantFileError) as caught:
        load_tenant(tenant_copy, "dev")
    assert caught.value.where == "attackProtection.bruteForceProtection.allowlist[0]"
    assert "'office.example' is not an IP address" in caught.value.problem


# -- the breached list ------------------------------------------------------------------------

def test_the_list_skips_comments_blank_lines_and_line_endings():
    found = BreachedList.from_lines(["# a comment\n", "\n", "Hunter2\r\n", "  spaced  \n"])
    assert len(found) == 2
    assert "Hunter2" in found and "spaced" in found
    assert "# a comment" not in found and "" not in found


def test_lookups_are_exact_and_case_sensitive():
    found = BreachedList(["Password1"])
    assert "Password1" in found
    assert "password1" not in found and "Password1 " not in found and None not in found


def test_lookups_compare_unicode_in_nfc():
    composed = unicodedata.normalize("NFC", "Contraseña-2020")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert decomposed in BreachedList([composed]) and composed in BreachedList([decomposed])


def test_the_shipped_list_has_the_cookbook_examples_and_not_the_demo_password():
    shipped = BreachedList.from_file(DEFAULT_FILE)
    assert len(shipped) > 150
    assert BREACHED in shipped and "123456" in shipped and "P@ssw0rd" in shipped
    assert STRONG not in shipped
    assert demo_password("jane@travel0.example") not in shipped


# -- counters and buckets (an in-memory tenant database, a movable clock) ----------------------

@pytest.fixture
def db():
    app = Flask(__name__)
    clock.init_app(app)
    engine = create_engine("sqlite://", poolclass=StaticPool)  # one in-memory database
    Base.metadata.create_all(engine)
    app.extensions["mock_idp.db"] = sessionmaker(engine)  # where log events go
    with app.app_context(), Session(engine) as session:
        yield session, app.extensions["mock_idp.clock"]
    engine.dispose()


CONNECTION = Connection(id="con_1", name="Username-Password-Authentication", strategy="auth0",
                        options={"brute_force_protection": True}, enabled_clients=[])


def test_failures_count_per_identifier_and_ip(db):
    session, _ = db
    rules = BruteForce()
    for _ in range(3):
        brute_force.count_failure(session, rules, CONNECTION, " Ann@Example.com", "203.0.113.1")
    assert brute_force.count_failure(session, rules, CONNECTION, "ann@example.com",
                                     "203.0.113.2") == 1
    assert brute_force.counts_for(session, "ANN@example.com") == {"203.0.113.1": 3,
                                                                  "203.0.113.2": 1}
    brute_force.reset(session, rules, "ann@example.com", "203.0.113.1")
    assert brute_force.counts_for(session, "ann@example.com") == {"203.0.113.2": 1}


def test_the_connection_can_turn_brute_force_protection_off():
    off = Connection(id="c", name="n", strategy="auth0", options={"brute_force_protection": False})
    assert not brute_force.applies(BruteForce(), off, "203.0.113.1")
    assert brute_force.applies(BruteForce(), CONNECTION, "203.0.113.1")
    assert not brute_force.applies(BruteForce(enabled=False), CONNECTION, "203.0.113.1")


def test_a_bucket_refills_one_attempt_per_rate(db):
    session, tenant_clock = db
    settings = Throttling(stages={"pre-login": Bucket(3, 60_000),
                                  "pre-user-registration": Bucket(1, 1000)})
    ip, stage = "203.0.113.5", throttling.LOGIN
    assert throttling.tokens_left(session, settings, ip, stage) == 3.0  # a new IP: full
    for _ in range(3):
        throttling.spend(session, settings, ip, stage)
    assert throttling.is_throttled(session, settings, ip, stage)
    tenant_clock.advance(30)
    assert throttling.is_throttled(session, settings, ip, stage)
    tenant_clock.advance(31)
    assert not throttling.is_throttled(session, settings, ip, stage)
    tenant_clock.advance(3600)
    assert throttling.tokens_left(session, settings, ip, stage) == 3.0  # never above the max


def test_refill_arithmetic_caps_at_the_maximum():
    bucket = Bucket(10, 2000)  # one attempt every two seconds
    row = IpThrottle(ip="x", stage="pre-login", tokens=1.0, updated_at=100.0)
    assert throttling._refilled(row, bucket, 104.0) == 3.0
    assert throttling._refilled(row, bucket, 10_000.0) == 10.0
    assert throttling._refilled(None, bucket, 0.0) == 10.0


def test_allow_listed_and_disabled_throttling_never_refuse(db):
    session, _ = db
    listed = Throttling.from_data({"allowlist": ["203.0.113.0/24"],
                                   "stage": {"pre-login": {"max_attempts": 1, "rate": 1000}}})
    for _ in range(5):
        throttling.spend(session, listed, "203.0.113.9", throttling.LOGIN)
    assert not throttling.is_throttled(session, listed, "203.0.113.9", throttling.LOGIN)
    monitor_only = Throttling.from_data({"shields": ["admin_notification"],
                                         "stage": {"pre-login": {"max_attempts": 1,
                                                                 "rate": 1000}}})
    throttling.spend(session, monitor_only, "198.51.100.9", throttling.LOGIN)
    assert not throttling.is_throttled(session, monitor_only, "198.51.100.9", throttling.LOGIN)
