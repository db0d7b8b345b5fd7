"""The IP allow-list in front of the API: only the tenant's outbound addresses get through.

Auth0 calls custom-database scripts' targets from a fixed set of addresses per region
(published at https://cdn.auth0.com/ip-ranges.json); the mock tenant calls from the machine it
runs on. ``LEGACY_ALLOWED_IPS`` lists addresses and networks (``10.0.0.0/8``, ``::1``),
comma-separated. The peer address is the socket's: ``X-Forwarded-For`` is not trusted, so
behind a proxy the proxy itself must filter (docs/migration.md).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class AllowList:
    networks: tuple

    @classmethod
    def parse(cls, text: str) -> AllowList:
        """Networks from ``"a, b/nn, ..."``; a malformed entry stops start-up with its text."""
        networks = []
        for entry in (part.strip() for part in str(text).split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ValueError(f"LEGACY_ALLOWED_IPS: {entry!r} is not an address or "
                                 "network") from None
        return cls(tuple(networks))

    def allows(self, address: str | None) -> bool:
        """Whether a request from ``address`` may reach the API."""
        try:
            ip = ipaddress.ip_address((address or "").split("%", 1)[0])
        except ValueError:
            return False
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip.version == net.version and ip in net for net in self.networks)
