"""Attack protection of a mock tenant, from ``attackProtection`` in the tenant files.

Brute-force protection (``brute_force``), suspicious-IP throttling (``throttling``) and
breached-password detection (``breached``), with Auth0's messages, error codes and log
events (``limit_wc``, ``limit_mu``, ``pwd_leak``, ``signup_pwd_leak``, ``reset_pwd_leak``).
The login, sign-up and password-change code reaches it only through ``hooks``.

``init_app`` puts the settings in ``app.extensions["mock_idp.protection"]`` and the breached
list in ``app.extensions["mock_idp.breached_passwords"]``, and registers the unblock page.
"""

from __future__ import annotations

from .hooks import (
    LoginAttempt,
    client_ip,
    login_attempt,
    new_password_error,
    password_changed,
    signup_attempt,
    signup_password,
)
from .refusals import Refused

__all__ = ["LoginAttempt", "Refused", "client_ip", "init_app", "login_attempt",
           "new_password_error", "password_changed", "signup_attempt", "signup_password"]


def init_app(app) -> None:
    """Read the settings once the tenant files are loaded (``tenant_state`` runs first)."""
    from .breached import DEFAULT_FILE, BreachedList
    from .settings import AttackProtection
    from .views import bp

    app.extensions["mock_idp.protection"] = AttackProtection.from_tenant(
        app.extensions["mock_idp.tenant"].data)
    path = app.config.get("BREACHED_PASSWORDS_FILE") or DEFAULT_FILE
    app.extensions["mock_idp.breached_passwords"] = BreachedList.from_file(path)
    app.register_blueprint(bp)
