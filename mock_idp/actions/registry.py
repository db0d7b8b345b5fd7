"""The deployed Actions of a tenant, bound to triggers in order, with the runtime limits."""

from __future__ import annotations

from dataclasses import dataclass, field

HANDLERS = {
    "post-login": "onExecutePostLogin",
    "credentials-exchange": "onExecuteCredentialsExchange",
    "pre-user-registration": "onExecutePreUserRegistration",
    "post-user-registration": "onExecutePostUserRegistration",
    "post-change-password": "onExecutePostChangePassword",
}
CONTINUE_HANDLER = "onContinuePostLogin"


@dataclass(frozen=True)
class BoundAction:
    name: str
    source: str
    secrets: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Registry:
    """What runs on each trigger; built once per app from the tenant files."""

    bindings: dict
    timeout_ms: int = 5000
    memory_mb: int = 64

    def bound(self, trigger: str) -> tuple[BoundAction, ...]:
        return self.bindings.get(trigger, ())

    @classmethod
    def from_spec(cls, spec, timeout_ms: int, memory_mb: int) -> Registry:
        """Bindings from a loaded ``TenantSpec`` (``actions`` + ``triggers`` sections)."""
        actions = {}
        for item in spec.section("actions"):
            secrets = {s["name"]: s["value"] for s in item.get("secrets") or []}
            actions[item["name"]] = BoundAction(item["name"], spec.action_code[item["name"]],
                                                secrets)
        triggers = spec.data.get("triggers") or {}
        bindings = {trigger: tuple(actions[b["action_name"]] for b in bound or [])
                    for trigger, bound in triggers.items()}
        return cls(bindings, int(timeout_ms), int(memory_mb))
