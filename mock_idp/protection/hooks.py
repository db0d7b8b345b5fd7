"""The calls the login, sign-up and password-change code makes into attack protection.

``authn.password_login`` opens a ``LoginAttempt`` before it looks at the password (a
throttled IP or a blocked identifier is refused at once), reports a wrong password or an
unknown user to it, and reports success (which resets the count and runs breached-password
detection). ``signup.register`` calls ``signup_attempt`` and ``signup_password``; the
password-change path calls ``new_password_error`` and ``password_changed``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_request_context, request
from sqlalchemy.orm import Session

from ..models import Client, Connection, User
from ..password_policy import PolicyError
from . import breached, brute_force, refusals, throttling
from .settings import AttackProtection


def settings() -> AttackProtection:
    return current_app.extensions["mock_idp.protection"]


def breached_list() -> breached.BreachedList:
    return current_app.extensions["mock_idp.breached_passwords"]


def client_ip() -> str | None:
    """The caller's address as the socket saw it. Forwarding headers (X-Forwarded-For, ...)
    are ignored: the mock runs behind no proxy, and trusting them would let an attacker pick
    the address every counter is keyed on."""
    return request.remote_addr if has_request_context() else None


@dataclass
class LoginAttempt:
    """One password login, between the protection checks before and after the password."""

    db: Session
    client: Client | None
    connection: Connection
    identifier: str
    ip: str | None

    def failed(self, user: User | None = None) -> None:
        """A wrong password or an unknown user: count it; raise ``Refused`` if this one
        reaches the brute-force threshold."""
        config = settings()
        throttling.spend(self.db, config.throttling, self.ip, throttling.LOGIN,
                         client=self.client, connection=self.connection.name,
                         user_name=self.identifier)
        rules = config.brute_force
        if not brute_force.applies(rules, self.connection, self.ip):
            return
        count = brute_force.count_failure(self.db, rules, self.connection, self.identifier,
                                          self.ip)
        # Once, at the threshold; past it only when a block is still due (a lowered
        # max_attempts, or counts left from before the block shield was turned on).
        if count == rules.max_attempts or (count > rules.max_attempts
                                            and "block" in rules.shields):
            brute_force.block(self.db, rules, self.connection, self.identifier, self.ip,
                              user=user, client=self.client)
            if "block" in rules.shields:
                raise refusals.account_blocked(_notifies(rules))

    def succeeded(self, user: User, password: str) -> None:
        """The password was right: reset the count, then breached-password detection."""
        config = settings()
        if brute_force.applies(config.brute_force, self.connection, self.ip):
            brute_force.reset(self.db, config.brute_force, self.identifier, self.ip)
        breached.at_login(self.db, config.breached, breached_list(), user, password, self.client)


def _notifies(rules) -> bool:
    """Whether the block message says an email went out: whenever the shield is on, sent or
    not (an unknown user gets none), so the message does not tell who has an account."""
    return "user_notification" in rules.shields


def login_attempt(db: Session, client: Client | None, connection: Connection,
                  identifier: str) -> LoginAttempt:
    """Refuse a throttled IP or a blocked identifier before any password is checked."""
    config = settings()
    ip = client_ip()
    throttling.check(db, config.throttling, ip, throttling.LOGIN)
    rules = config.brute_force
    if brute_force.applies(rules, connection, ip) and brute_force.is_blocked(db, identifier, ip):
        raise refusals.account_blocked(_notifies(rules))
    return LoginAttempt(db, client, connection, identifier, ip)


def signup_attempt(db: Session, client: Client | None, connection: Connection,
                   email: str) -> None:
    """Before any other check: every sign-up attempt, good or bad, spends from the IP's
    sign-up bucket. Raises ``Refused`` (429) once the IP is throttled."""
    config = settings()
    ip = client_ip()
    throttling.check(db, config.throttling, ip, throttling.SIGNUP)
    throttling.spend(db, config.throttling, ip, throttling.SIGNUP, client=client,
                     connection=connection.name, user_name=email)


def signup_password(client: Client | None, connection: Connection, email: str,
                    password: str) -> None:
    """After the connection's policy: refuse a breached password at ``pre-user-registration``
    (``Refused``)."""
    breached.at_signup(settings().breached, breached_list(), email, password, client=client,
                       connection=connection.name)


def new_password_error(user: User, password: str) -> PolicyError | None:
    """A breached new password under ``pre-change-password`` (reset page, password change,
    Management API), as the policy errors are reported; None when it may be used."""
    problems = breached.at_change(settings().breached, breached_list(), user, password, None)
    return PolicyError("PasswordBreachedError", problems[0], problems) if problems else None


def password_changed(db: Session, user: User) -> None:
    """A new password lifts the user's brute-force blocks, as in Auth0."""
    if user.email:
        brute_force.lift(db, user.email)
