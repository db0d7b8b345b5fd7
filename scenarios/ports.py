"""Choosing ports (defaults, environment, command line) and checking they are free."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Mapping, Sequence

from scenarios.services import DEFAULT_PORTS, Service


class PortError(ValueError):
    """A port setting that cannot be used; the message says which and why."""


def port_env_var(name: str) -> str:
    """The environment variable that moves service ``name``: ``COOKBOOK_PORT_<NAME>``."""
    return "COOKBOOK_PORT_" + name.upper().replace("-", "_")


def how_to_move(name: str) -> str:
    """The two ways to give service ``name`` another port, for error messages."""
    return f"`cookbook up --port {name}=<port>` or {port_env_var(name)}=<port>"


def resolve_ports(
    overrides: Iterable[str] = (), environ: Mapping[str, str] | None = None
) -> dict[str, int]:
    """Default ports, then ``COOKBOOK_PORT_<NAME>`` variables, then ``NAME=PORT`` overrides."""
    environ = os.environ if environ is None else environ
    ports = dict(DEFAULT_PORTS)
    for name in DEFAULT_PORTS:
        value = environ.get(port_env_var(name))
        if value:
            ports[name] = _parse_port(value, f"{port_env_var(name)}={value}")
    for spec in overrides:
        name, sep, value = spec.partition("=")
        if not sep or name not in DEFAULT_PORTS:
            known = ", ".join(DEFAULT_PORTS)
            raise PortError(f"--port {spec!r}: expected NAME=PORT with NAME one of {known}")
        ports[name] = _parse_port(value, f"--port {spec}")
    return ports


def _parse_port(value: str, origin: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise PortError(f"{origin}: {value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        # Port 0 would let the OS pick, but every URL must be known before anything starts.
        raise PortError(f"{origin}: a port must be between 1 and 65535")
    return port


def bind_error(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on right now, or None when it can."""
    try:
        addresses = socket.getaddrinfo(host, port, socket.AF_INET, socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"cannot resolve {host}: {exc}"
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as sock:
            # As gunicorn does: a port left in TIME_WAIT by a previous run is not "taken".
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                return exc.strerror or str(exc)
    return None


def port_conflicts(services: Sequence[Service]) -> list[str]:
    """One message per service whose port is shared with another one or not free."""
    problems = []
    owners: dict[int, str] = {}
    for service in services:
        # A service's other listeners (the mail sink's SMTP port) are checked the same way.
        for name, port in [(service.name, service.port), *service.extra_ports.items()]:
            label = service.name if name == service.name else f"{service.name} ({name})"
            if port in owners:
                problems.append(f"{label} and {owners[port]} are both set to port {port}; "
                                f"move one with {how_to_move(name)}")
                continue
            owners[port] = label
            reason = bind_error(service.host, port)
            if reason:
                problems.append(
                    f"{label} ({service.description}) cannot listen on {service.host}:{port}: "
                    f"{reason}. Free the port or choose another with {how_to_move(name)}"
                )
    return problems
