"""IP allow-lists for the services the tenant calls (the legacy user store's API, the log
sink): only the tenant's outbound addresses get through.

Auth0 calls out from a fixed set of addresses per region (published at
https://cdn.auth0.com/ip-ranges.json); the mock tenant calls from the machine it runs on, or
from ``MOCK_IDP_OUTBOUND_ADDRESS``. The peer address is the socket's: ``X-Forwarded-For`` is
not trusted, so behind a proxy the proxy itself must filter.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class AllowList:
    networks: tuple

    @classmethod
    def parse(cls, text: str, setting: str = "ALLOWED_IPS") -> AllowList:
        """Networks from ``"a, b/nn, ..."``; a malformed entry stops start-up, naming the
        ``setting`` it came from and the entry."""
        networks = []
        for entry in (part.strip() for part in str(text).split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ValueError(f"{setting}: {entry!r} is not an address or network") from None
        return cls(tuple(networks))

    def allows(self, address: str | None) -> bool:
        """Whether a request from ``address`` may come in (IPv4-mapped IPv6 counts as IPv4)."""
        try:
            ip = ipaddress.ip_address((address or "").split("%", 1)[0])
        except ValueError:
            return False
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip.version == net.version and ip in net for net in self.networks)
