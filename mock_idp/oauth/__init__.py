"""All OAuth 2.0 / OpenID Connect wiring of a mock tenant, built on authlib's server pieces."""

from .server import get_server, init_app

__all__ = ["get_server", "init_app"]
