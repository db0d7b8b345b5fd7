"""The tenant's ``attackProtection`` settings as typed values, with Auth0's defaults.

A tenant file without the section gets what a new Auth0 tenant has: brute-force protection
and suspicious-IP throttling on, breached-password detection off.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

# Auth0's defaults (Management API GET /attack-protection/* on a new tenant).
DEFAULT_MAX_ATTEMPTS = 10
DEFAULT_STAGES = {"pre-login": (100, 864000), "pre-user-registration": (50, 1728000)}
BLOCK_LIFETIME = 30 * 86400  # a brute-force block ends by itself after 30 days


def _networks(entries) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries or [])


def allowed(ip: str | None, networks: tuple) -> bool:
    """Whether ``ip`` is inside one of the allow-listed addresses or ranges."""
    if not ip or not networks:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address.version == net.version and address in net for net in networks)


@dataclass(frozen=True)
class BruteForce:
    enabled: bool = True
    shields: frozenset = frozenset({"block", "user_notification"})
    allowlist: tuple = ()
    per_ip: bool = True  # mode count_per_identifier_and_ip (else count_per_identifier)
    max_attempts: int = DEFAULT_MAX_ATTEMPTS

    @classmethod
    def from_data(cls, data: dict | None) -> BruteForce:
        if data is None:
            return cls()
        return cls(enabled=data.get("enabled", True),
                   shields=frozenset(data.get("shields", cls.shields)),
                   allowlist=_networks(data.get("allowlist")),
                   per_ip=data.get("mode", "count_per_identifier_and_ip")
                   == "count_per_identifier_and_ip",
                   max_attempts=int(data.get("max_attempts", DEFAULT_MAX_ATTEMPTS)))


@dataclass(frozen=True)
class Breached:
    enabled: bool = False
    shields: frozenset = frozenset()
    signup_shields: frozenset = frozenset()
    change_password_shields: frozenset = frozenset()

    @classmethod
    def from_data(cls, data: dict | None) -> Breached:
        if data is None:
            return cls()
        stages = data.get("stage") or {}
        return cls(enabled=data.get("enabled", True),
                   shields=frozenset(data.get("shields") or ()),
                   signup_shields=_stage_shields(stages, "pre-user-registration"),
                   change_password_shields=_stage_shields(stages, "pre-change-password"))


def _stage_shields(stages: dict, name: str) -> frozenset:
    return frozenset((stages.get(name) or {}).get("shields") or ())


@dataclass(frozen=True)
class Bucket:
    """``max_attempts`` at once; one more every ``rate_ms`` milliseconds."""

    max_attempts: int
    rate_ms: int

    @property
    def seconds_per_attempt(self) -> float:
        return self.rate_ms / 1000.0


@dataclass(frozen=True)
class Throttling:
    enabled: bool = True
    shields: frozenset = frozenset({"block", "admin_notification"})
    allowlist: tuple = ()
    stages: dict = field(default_factory=lambda: {
        name: Bucket(*values) for name, values in DEFAULT_STAGES.items()})

    @classmethod
    def from_data(cls, data: dict | None) -> Throttling:
        if data is None:
            return cls()
        given = data.get("stage") or {}
        stages = {}
        for name, (attempts, rate) in DEFAULT_STAGES.items():
            stage = given.get(name) or {}
            stages[name] = Bucket(int(stage.get("max_attempts", attempts)),
                                  int(stage.get("rate", rate)))
        return cls(enabled=data.get("enabled", True),
                   shields=frozenset(data.get("shields", cls.shields)),
                   allowlist=_networks(data.get("allowlist")), stages=stages)


@dataclass(frozen=True)
class AttackProtection:
    brute_force: BruteForce = field(default_factory=BruteForce)
    breached: Breached = field(default_factory=Breached)
    throttling: Throttling = field(default_factory=Throttling)

    @classmethod
    def from_tenant(cls, data: dict) -> AttackProtection:
        """Settings from a validated tenant file (``TenantSpec.data``)."""
        section = data.get("attackProtection") or {}
        return cls(BruteForce.from_data(section.get("bruteForceProtection")),
                   Breached.from_data(section.get("breachedPasswordDetection")),
                   Throttling.from_data(section.get("suspiciousIpThrottling")))
