"""Where a log stream may deliver: a guard against the tenant being used to reach places
only it can reach (server-side request forgery through ``sink.httpEndpoint``).

Never: link-local addresses (cloud metadata services such as 169.254.169.254), multicast,
unspecified or otherwise reserved addresses. Loopback and private networks only when the
tenant allows them (``LOG_STREAM_PRIVATE_TARGETS``; on by default, since a mock run on one
machine streams to a sink on the same machine — turn it off for a mock shared on a network).
Literal addresses are checked when a stream is created or changed; host names are resolved
and checked again before every delivery, so a name that later points inside is refused too.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def _never(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        return _never(mapped)
    if address.is_loopback:  # IPv6's ::1 sits in a reserved block; it is loopback first
        return False
    return (address.is_link_local or address.is_multicast or address.is_unspecified
            or address.is_reserved)


def _inside(address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return _inside(mapped) if mapped is not None else (address.is_private or address.is_loopback)


def address_problem(address: str, allow_private: bool) -> str | None:
    """Why ``address`` may not receive log streams, or None."""
    parsed = ipaddress.ip_address(address.split("%", 1)[0])
    if _never(parsed):
        return f"{parsed} is a link-local, multicast or reserved address"
    if not allow_private and _inside(parsed):
        return f"{parsed} is a loopback or private address (LOG_STREAM_PRIVATE_TARGETS is off)"
    return None


def literal_problem(url: str, allow_private: bool) -> str | None:
    """The check of a URL whose host is an IP address (no DNS); None for host names."""
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    return address_problem(host, allow_private)


def resolved_problem(url: str, allow_private: bool) -> str | None:
    """The check of every address the URL's host resolves to now (None when all are fine
    or the name does not resolve: the delivery then fails as unreachable)."""
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname or "", parts.port or None,
                                   proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    for info in infos:
        problem = address_problem(str(info[4][0]), allow_private)
        if problem is not None:
            return f"{parts.hostname} resolves to {problem}"
    return None
