"""What a trigger's Actions asked for, gathered from their recorded ``api`` calls.

Later calls win (a claim set twice keeps the last value). Metadata changes are a patch
of top-level keys, ``None`` meaning "remove", applied to the user only once the trigger
is over; until then each Action sees the earlier Actions' changes in ``event.user``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# What each trigger's api offers (see js_api.py); anything else in a record is ignored.
OPERATIONS = {
    "post-login": {
        "access.deny", "idToken.setCustomClaim", "accessToken.setCustomClaim",
        "accessToken.addScope", "accessToken.removeScope", "user.setUserMetadata",
        "user.setAppMetadata", "multifactor.enable", "redirect.sendUserTo",
    },
    "credentials-exchange": {"access.deny", "accessToken.setCustomClaim"},
    "pre-user-registration": {"access.deny", "user.setUserMetadata", "user.setAppMetadata"},
    "post-user-registration": set(),
    "post-change-password": set(),
}


@dataclass
class Effects:
    """The accumulated requests of a trigger's Actions; JSON-serialisable via ``as_dict``."""

    id_claims: dict = field(default_factory=dict)
    access_claims: dict = field(default_factory=dict)
    add_scopes: list = field(default_factory=list)
    remove_scopes: list = field(default_factory=list)
    user_metadata: dict = field(default_factory=dict)
    app_metadata: dict = field(default_factory=dict)
    multifactor: dict | None = None
    deny: dict | None = None
    redirect: dict | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Effects:
        return cls(**(data or {}))

    def absorb(self, trigger: str, calls: list) -> None:
        """Apply one execution's record, in call order."""
        for op, *args in calls:
            if op in OPERATIONS[trigger]:
                _APPLY[op](self, trigger, *args)


def _deny(effects: Effects, trigger: str, *args) -> None:
    first, second = (list(args) + [None, None])[:2]
    if trigger == "credentials-exchange":  # deny(code, reason)
        effects.deny = {"code": first, "reason": second if second is not None else first}
    elif trigger == "pre-user-registration":  # deny(reason, userMessage)
        effects.deny = {"reason": first, "user_message": second}
    else:  # deny(reason)
        effects.deny = {"reason": first or ""}


def _set(attribute: str):
    def apply(effects: Effects, _trigger: str, name, value=None) -> None:
        getattr(effects, attribute)[name] = value
    return apply


def _add_scope(effects: Effects, _trigger: str, scope) -> None:
    _move(scope, effects.remove_scopes, effects.add_scopes)


def _remove_scope(effects: Effects, _trigger: str, scope) -> None:
    _move(scope, effects.add_scopes, effects.remove_scopes)


def _multifactor(effects: Effects, _trigger: str, provider, options=None) -> None:
    effects.multifactor = {"provider": provider, **(options or {})}


def _redirect(effects: Effects, _trigger: str, url, query=None) -> None:
    effects.redirect = {"url": url, "query": query or {}}


_APPLY = {
    "access.deny": _deny,
    "idToken.setCustomClaim": _set("id_claims"),
    "accessToken.setCustomClaim": _set("access_claims"),
    "accessToken.addScope": _add_scope,
    "accessToken.removeScope": _remove_scope,
    "user.setUserMetadata": _set("user_metadata"),
    "user.setAppMetadata": _set("app_metadata"),
    "multifactor.enable": _multifactor,
    "redirect.sendUserTo": _redirect,
}


def _move(scope: str, source: list, target: list) -> None:
    if scope in source:
        source.remove(scope)
    if scope not in target:
        target.append(scope)


def merged(metadata: dict | None, patch: dict) -> dict:
    """``metadata`` with the top-level keys of ``patch`` set (``None`` removes a key)."""
    result = dict(metadata or {})
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result
