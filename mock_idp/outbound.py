"""Where the tenant's outbound HTTP comes from: one documented source address.

Auth0 calls your systems (custom database scripts, log streams) from a published set of
addresses per region, which receivers allow-list. ``OUTBOUND_ADDRESS`` does the same for the
mock: every outbound HTTP connection is bound to that local address (e.g. ``127.0.0.2`` on
Linux, where the whole 127/8 is loopback), so a receiver can admit exactly the tenant and
refuse other local callers. Empty: the operating system picks, as for any client.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter


class _SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address: str, **kwargs):
        self._address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def session(source_address: str | None = None) -> requests.Session:
    """A requests session whose connections leave from ``source_address`` (when given)."""
    http = requests.Session()
    if source_address:
        adapter = _SourceAddressAdapter(source_address)
        http.mount("http://", adapter)
        http.mount("https://", adapter)
    return http
