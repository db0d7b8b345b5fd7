"""Validation of ``connections`` (auth0-deploy-cli's section for every connection that is not
a database): the enterprise OpenID Connect connections the mock can run.

Only ``strategy: oidc`` is supported. Its options follow Auth0's names: ``discovery_url``
(or ``issuer``), ``client_id``, ``client_secret``, ``scope``, ``type`` (``back_channel``:
the code is exchanged server to server; ``front_channel``: the ID token comes through the
browser, which the mock does not run) and ``domain_aliases`` for home realm discovery.
"""

from __future__ import annotations

import re

STRATEGIES = {"oidc"}
CHANNELS = {"back_channel"}
ROOT_ATTRIBUTES = {"on_each_login", "on_first_login", "never_on_login"}
# A domain as people type it after the @: labels of letters, digits and hyphens (ASCII only;
# internationalized domains are compared in their punycode form, never as look-alikes).
DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def validate_connections(check, data: dict, clients: set, databases: set) -> set:
    """Check ``connections``; the names they declare."""
    names = []
    for i, item in enumerate(check.items(data.get("connections"), "connections")):
        where = f"connections[{i}]"
        check.mapping(item, where)
        name = check.text(item.get("name"), f"{where}.name")
        if name in databases:
            check.fail(f"{where}.name", f"{name!r} is already a database connection")
        names.append(name)
        check.choice(item.get("strategy"), f"{where}.strategy", STRATEGIES)
        _oidc_options(check, check.mapping(item.get("options"), f"{where}.options"),
                      f"{where}.options")
        for j, client in enumerate(check.items(item.get("enabled_clients"),
                                               f"{where}.enabled_clients")):
            if client not in clients:
                check.fail(f"{where}.enabled_clients[{j}]", f"no client named {client!r} in clients")
    check.unique(names, "connections", "connection name")
    return set(names)


def _oidc_options(check, options: dict, where: str) -> None:
    if not options.get("discovery_url") and not options.get("issuer"):
        check.fail(where, "an oidc connection needs discovery_url (or issuer)")
    for key in ("discovery_url", "issuer"):
        if options.get(key):
            check.url(options[key], f"{where}.{key}")
    # Empty is allowed: the values are keywords read from the environment, and a tenant
    # without them still starts; a login through the connection then fails clearly.
    for key in ("client_id", "client_secret"):
        if not isinstance(options.get(key, ""), str):
            check.fail(f"{where}.{key}", "must be a string")
    scope = options.get("scope", "openid")
    if not isinstance(scope, str) or "openid" not in scope.split():
        check.fail(f"{where}.scope", "must be a space-separated string that includes openid")
    check.choice(options.get("type"), f"{where}.type", CHANNELS, "back_channel")
    check.choice(options.get("set_user_root_attributes"), f"{where}.set_user_root_attributes",
                 ROOT_ATTRIBUTES, "on_each_login")
    aliases = check.items(options.get("domain_aliases"), f"{where}.domain_aliases")
    for j, alias in enumerate(aliases):
        if not isinstance(alias, str) or not DOMAIN.match(alias):
            check.fail(f"{where}.domain_aliases[{j}]",
                       f"{alias!r} is not a lowercase domain name like example.com")
    check.unique(list(aliases), f"{where}.domain_aliases", "domain")
