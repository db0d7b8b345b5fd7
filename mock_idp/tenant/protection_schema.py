"""Validation of ``attackProtection`` in auth0-deploy-cli's shape.

Each sub-object is the body of the Management API's ``PATCH /attack-protection/<feature>``
(deploy-cli passes it through as it is), so field names, enums and limits follow that API:
``bruteForceProtection``, ``breachedPasswordDetection``, ``suspiciousIpThrottling``, plus
``botDetection`` and ``captcha``, which the mock accepts but does not enforce.
"""

from __future__ import annotations

import ipaddress

SECTIONS = {"bruteForceProtection", "breachedPasswordDetection", "suspiciousIpThrottling",
            "botDetection", "captcha"}
BRUTE_FORCE = {"enabled", "shields", "allowlist", "mode", "max_attempts"}
BRUTE_FORCE_SHIELDS = {"block", "user_notification"}
BRUTE_FORCE_MODES = {"count_per_identifier_and_ip", "count_per_identifier"}
BREACHED = {"enabled", "shields", "admin_notification_frequency", "method", "stage"}
BREACHED_SHIELDS = {"block", "user_notification", "admin_notification"}
BREACHED_STAGES = {"pre-user-registration", "pre-change-password"}
BREACHED_STAGE_SHIELDS = {"block", "admin_notification"}
FREQUENCIES = {"immediately", "daily", "weekly", "monthly"}
METHODS = {"standard", "enhanced"}
THROTTLING = {"enabled", "shields", "allowlist", "stage"}
THROTTLING_SHIELDS = {"block", "admin_notification"}
THROTTLING_STAGES = {"pre-login", "pre-user-registration"}


def validate_attack_protection(check, data: dict) -> None:
    """Check ``data["attackProtection"]`` (absent is fine: Auth0's defaults apply)."""
    if data.get("attackProtection") is None:
        return
    where = "attackProtection"
    section = check.mapping(data["attackProtection"], where)
    _known(check, section, SECTIONS, where)
    for name in ("botDetection", "captcha"):
        if section.get(name) is not None:
            check.mapping(section[name], f"{where}.{name}")
    if section.get("bruteForceProtection") is not None:
        _brute_force(check, section["bruteForceProtection"], f"{where}.bruteForceProtection")
    if section.get("breachedPasswordDetection") is not None:
        _breached(check, section["breachedPasswordDetection"],
                  f"{where}.breachedPasswordDetection")
    if section.get("suspiciousIpThrottling") is not None:
        _throttling(check, section["suspiciousIpThrottling"], f"{where}.suspiciousIpThrottling")


def _brute_force(check, value, where: str) -> None:
    feature = check.mapping(value, where)
    _known(check, feature, BRUTE_FORCE, where)
    _boolean(check, feature, "enabled", where)
    _subset(check, feature.get("shields"), f"{where}.shields", BRUTE_FORCE_SHIELDS)
    _allowlist(check, feature.get("allowlist"), f"{where}.allowlist")
    check.choice(feature.get("mode"), f"{where}.mode", BRUTE_FORCE_MODES)
    _integer(check, feature.get("max_attempts"), f"{where}.max_attempts", 1, 100)


def _breached(check, value, where: str) -> None:
    feature = check.mapping(value, where)
    _known(check, feature, BREACHED, where)
    _boolean(check, feature, "enabled", where)
    _subset(check, feature.get("shields"), f"{where}.shields", BREACHED_SHIELDS)
    _subset(check, feature.get("admin_notification_frequency"),
            f"{where}.admin_notification_frequency", FREQUENCIES)
    check.choice(feature.get("method"), f"{where}.method", METHODS)
    if feature.get("method") == "enhanced":
        check.fail(f"{where}.method", "'enhanced' (Credential Guard) needs Auth0's breach feed; "
                   "the mock checks a shipped list: use 'standard'")
    stages = check.mapping(feature.get("stage") or {}, f"{where}.stage")
    _known(check, stages, BREACHED_STAGES, f"{where}.stage")
    for name, stage in stages.items():
        swhere = f"{where}.stage.{name}"
        stage = check.mapping(stage or {}, swhere)
        _known(check, stage, {"shields"}, swhere)
        _subset(check, stage.get("shields"), f"{swhere}.shields", BREACHED_STAGE_SHIELDS)


def _throttling(check, value, where: str) -> None:
    feature = check.mapping(value, where)
    _known(check, feature, THROTTLING, where)
    _boolean(check, feature, "enabled", where)
    _subset(check, feature.get("shields"), f"{where}.shields", THROTTLING_SHIELDS)
    _allowlist(check, feature.get("allowlist"), f"{where}.allowlist")
    stages = check.mapping(feature.get("stage") or {}, f"{where}.stage")
    _known(check, stages, THROTTLING_STAGES, f"{where}.stage")
    for name, stage in stages.items():
        swhere = f"{where}.stage.{name}"
        stage = check.mapping(stage or {}, swhere)
        _known(check, stage, {"max_attempts", "rate"}, swhere)
        _integer(check, stage.get("max_attempts"), f"{swhere}.max_attempts", 1, 10**9)
        _integer(check, stage.get("rate"), f"{swhere}.rate", 1, 10**12)


def _known(check, mapping: dict, allowed: set, where: str) -> None:
    for key in mapping:
        if key not in allowed:
            check.fail(f"{where}.{key}", f"unknown setting (known: {', '.join(sorted(allowed))})")


def _boolean(check, mapping: dict, key: str, where: str) -> None:
    if key in mapping and not isinstance(mapping[key], bool):
        check.fail(f"{where}.{key}", "must be true or false")


def _integer(check, value, where: str, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        check.fail(where, f"must be an integer from {low} to {high}")


def _subset(check, value, where: str, allowed: set) -> None:
    items = check.items(value, where)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            check.fail(f"{where}[{index}]", "must be a string")
        check.choice(item, f"{where}[{index}]", allowed)
    check.unique(items, where, "value")


def _allowlist(check, value, where: str) -> None:
    """IPv4/IPv6 addresses or CIDR ranges, as the Management API accepts them."""
    for index, entry in enumerate(check.items(value, where)):
        if not isinstance(entry, str):
            check.fail(f"{where}[{index}]", "must be a string")
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            check.fail(f"{where}[{index}]", f"{entry!r} is not an IP address or CIDR range")
