"""The sink's IP allow-list: only the tenant's outbound addresses may deliver or read.

``LOGSINK_ALLOWED_IPS`` lists addresses and networks, comma-separated. The peer address is
the socket's; ``X-Forwarded-For`` is not trusted (behind a proxy, the proxy must filter).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class AllowList:
    networks: tuple

    @classmethod
    def parse(cls, text: str) -> AllowList:
        """Networks from ``"a, b/nn, ..."``; a malformed entry stops start-up, naming it."""
        networks = []
        for entry in (part.strip() for part in str(text).split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ValueError(f"LOGSINK_ALLOWED_IPS: {entry!r} is not an address or "
                                 "network") from None
        return cls(tuple(networks))

    def allows(self, address: str | None) -> bool:
        try:
            ip = ipaddress.ip_address((address or "").split("%", 1)[0])
        except ValueError:
            return False
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip.version == net.version and ip in net for net in self.networks)
