"""Enterprise connections: logins that Travel0's tenant hands to a customer's own identity
provider over OpenID Connect, and home realm discovery that sends people there by email.

``connections`` finds the connections a login may use, ``upstream`` talks to the IdP
(discovery, the code flow with PKCE, ID token checks), ``provisioning`` creates or
updates the user just in time, ``login`` ties them to a parked /authorize request.
"""

from __future__ import annotations

from .. import outbound


def init_app(app) -> None:
    """Per-app state: the HTTP session the tenant calls IdPs with and their discovery cache."""
    app.extensions["mock_idp.enterprise"] = {
        "http": outbound.session(app.config.get("OUTBOUND_ADDRESS") or None),
        "discovery": {},
    }
