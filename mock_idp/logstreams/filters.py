"""Auth0's log stream filter categories and the event types each one holds.

A stream with no filters receives every event; with filters, only events whose type falls
in one of the named categories. Types the mock never writes are listed too, so a filter
means the same here as on a real tenant. Whatever no category claims is ``other``.
"""

from __future__ import annotations

_CATEGORIES = {
    "auth.login.fail": "f fc fco fcoa fens fp fu",
    "auth.login.notification": "w",
    "auth.login.success": "s scoa sens",
    "auth.logout.fail": "flo",
    "auth.logout.success": "slo",
    "auth.signup.fail": "fs",
    "auth.signup.success": "ss",
    "auth.silent_auth.fail": "fsa",
    "auth.silent_auth.success": "ssa",
    "auth.token_exchange.fail": "feacft feccft fede feoobft feotpft fepft fepotpft fercft "
                                "fertft ferrt",
    "auth.token_exchange.success": "seacft seccft sede seoobft seotpft sepft sepotpft sercft "
                                   "sertft",
    "management.fail": "fapi",
    "management.success": "sapi mgmt_api_read",
    "system.notification": "api_limit api_limit_warning depnote admin_update_launch appi",
    "user.fail": "fce fcp fcpn fcpr fcu fdu fn fv fvr",
    "user.notification": "cls cs",
    "user.success": "sce scp scpn scpr scu sdu sv svr du",
    "actions": "actions_execution_failed",
    "scim.event": "",
    "other": "",
}
CATEGORIES: dict[str, frozenset[str]] = {name: frozenset(types.split())
                                         for name, types in _CATEGORIES.items()}
_CLAIMED = frozenset().union(*CATEGORIES.values())


def category_of(event_type: str) -> str:
    """The category an event type belongs to (``other`` when none claims it)."""
    for name, types in CATEGORIES.items():
        if event_type in types:
            return name
    return "other"


def matcher(filters: list | None):
    """A predicate on event types for a stream's ``filters`` (no filters: everything)."""
    names = {item.get("name") for item in filters or [] if isinstance(item, dict)}
    if not names:
        return lambda _type: True
    wanted = frozenset().union(*(CATEGORIES.get(name, frozenset()) for name in names))
    other = "other" in names
    return lambda event_type: event_type in wanted or (other and event_type not in _CLAIMED)
