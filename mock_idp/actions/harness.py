"""Run one Action against a fixture ``event`` without a tenant server: the unit-test
harness for teams' Actions (the cookbook's "unit testing" topic).

::

    from mock_idp.actions.harness import run_action

    result = run_action("tenants/main", "post-login", event)      # the bound Action
    result = run_action("tenants/main/actions/add-roles-claims.js", "post-login", event,
                        secrets={"CLAIM_NAMESPACE": "https://travel0.example/"})
    assert result.id_token_claims["https://travel0.example/roles"] == ["customer"]

The Action runs exactly as in the mock tenant (same V8 runtime, ``api`` and limits) and
the result says what it asked for; Auth0's custom-claim rules are applied to the claims.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import claims
from .engine import compile_check, ensure_engine
from .pipeline import run
from .registry import HANDLERS, BoundAction, Registry


@dataclass
class ActionResult:
    """What the Action did; ``status`` is ok, denied, redirect or a failure (error,
    timeout, unsettled, memory)."""

    status: str
    error: str | None = None
    id_token_claims: dict = field(default_factory=dict)
    access_token_claims: dict = field(default_factory=dict)
    refused_claims: list = field(default_factory=list)
    added_scopes: list = field(default_factory=list)
    removed_scopes: list = field(default_factory=list)
    user_metadata: dict = field(default_factory=dict)
    app_metadata: dict = field(default_factory=dict)
    denied: dict | None = None
    redirect: dict | None = None
    multifactor: dict | None = None
    console: list = field(default_factory=list)
    duration_ms: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def run_action(source: str | Path, trigger: str, event: dict, *, secrets: dict | None = None,
               action: str | None = None, handler: str | None = None, env: str = "dev",
               keywords: dict | None = None, timeout_ms: int = 5000, memory_mb: int = 64,
               now: int | None = None, state: str = "harness-state") -> ActionResult:
    """Run the Action in ``source`` (a ``.js`` file, or a tenant directory / ``tenant.yaml``
    where ``action`` names it, or the one Action bound to ``trigger``) on ``event``.

    ``secrets`` lay over the Action's own (from the tenant files, keywords of ``env``);
    ``handler`` defaults to the trigger's, e.g. ``onContinuePostLogin`` for a resume, and
    ``state`` is the paused login's state that ``api.redirect.validateToken`` checks.
    """
    if trigger not in HANDLERS:
        raise ValueError(f"unknown trigger {trigger!r} (one of {', '.join(HANDLERS)})")
    ensure_engine()
    bound = _load(Path(source), trigger, action, env, keywords)
    problem = compile_check(bound.source)
    if problem is not None:
        raise ValueError(f"{source}: {problem.strip().splitlines()[0]}")
    bound = BoundAction(bound.name, bound.source, {**bound.secrets, **(secrets or {})})
    registry = Registry({trigger: (bound,)}, timeout_ms, memory_mb)
    user_id = (event.get("user") or {}).get("user_id")
    context = {"nowSeconds": now if now is not None else int(time.time()),
               "redirect": {"allowed": trigger == "post-login", "state": state,
                            "continued": None, "userId": user_id,
                            "issuer": "https://tenant.example/", "ip": None}}
    outcome = run(registry, trigger, event, context=context, first_handler=handler)
    return _result(outcome, event)


def _load(source: Path, trigger: str, name: str | None, env: str, keywords) -> BoundAction:
    if source.suffix == ".js":
        return BoundAction(source.stem, source.read_text(encoding="utf-8"), {})
    from ..tenant import load_tenant

    spec = load_tenant(source.parent if source.name == "tenant.yaml" else source, env, keywords)
    actions = {item["name"]: item for item in spec.section("actions")}
    if name is None:
        bound = (spec.data.get("triggers") or {}).get(trigger) or []
        if len(bound) != 1:
            raise ValueError(f"{len(bound)} Actions are bound to {trigger}; name one with action=")
        name = bound[0]["action_name"]
    if name not in actions:
        raise ValueError(f"no action named {name!r} in {source}")
    secrets = {s["name"]: s["value"] for s in actions[name].get("secrets") or []}
    return BoundAction(name, spec.action_code[name], secrets)


def _result(outcome, event: dict) -> ActionResult:
    execution = outcome.executions[0]
    effects = outcome.effects
    status = {"ok": "ok", "denied": "denied", "redirect": "redirect"}.get(
        outcome.status, execution["status"])
    audience = (event.get("resource_server") or {}).get("identifier") or ""
    id_claims, refused = claims.screen(effects.id_claims, "id")
    access_claims, more = claims.screen(effects.access_claims, "access",
                                        audience.rstrip("/").endswith("/api/v2"))
    return ActionResult(
        status=status, error=outcome.failure, id_token_claims=id_claims,
        access_token_claims=access_claims, refused_claims=refused + more,
        added_scopes=effects.add_scopes, removed_scopes=effects.remove_scopes,
        user_metadata=effects.user_metadata, app_metadata=effects.app_metadata,
        denied=effects.deny, redirect=effects.redirect, multifactor=effects.multifactor,
        console=execution["logs"], duration_ms=execution["duration_ms"])
