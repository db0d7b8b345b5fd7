"""Breached-password detection against a shipped list of known-breached passwords.

The list (``breached_passwords.txt``, or the file named by ``BREACHED_PASSWORDS_FILE``) is
illustrative: about two hundred well-known passwords from public breach corpora plus the
cookbook's own test examples. Auth0 checks a commercial breach feed; the mock cannot, so a
password missing from this list is not thereby safe. Like Have I Been Pwned's range API the
lookup compares SHA-1 digests, so the set held in memory is of digests, not passwords.

What happens on a hit follows ``breachedPasswordDetection``: at login ``pwd_leak`` is logged,
``user_notification`` sends the ``stolen_credentials`` email (with a password-reset link) and
``block`` refuses the login; at sign-up (``signup_pwd_leak``) and at a password change
(``reset_pwd_leak``) the stage's ``block`` shield refuses the password.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from sqlalchemy.orm import Session

from .. import logs
from ..management import tickets
from ..models import Client, User
from . import refusals
from .settings import Breached

DEFAULT_FILE = Path(__file__).with_name("breached_passwords.txt")


def normalize(password: str) -> str:
    """The form passwords are compared in: Unicode NFC (a composed and a decomposed "é"
    are the same password), case and inner spacing untouched."""
    return unicodedata.normalize("NFC", password)


def _digest(password: str) -> str:
    return hashlib.sha1(normalize(password).encode("utf-8")).hexdigest().upper()


class BreachedList:
    """A set of SHA-1 digests of breached passwords."""

    def __init__(self, passwords):
        self._digests = frozenset(_digest(p) for p in passwords)

    @classmethod
    def from_lines(cls, lines) -> BreachedList:
        """One password per line; blank lines and lines starting with ``#`` are skipped, and
        surrounding whitespace (a stray CR, trailing spaces) is not part of the password."""
        return cls(line.strip() for line in lines if line.strip() and not line.startswith("#"))

    @classmethod
    def from_file(cls, path: Path | str) -> BreachedList:
        with open(path, encoding="utf-8") as handle:
            return cls.from_lines(handle)

    def __len__(self) -> int:
        return len(self._digests)

    def __contains__(self, password: object) -> bool:
        return isinstance(password, str) and bool(password) and _digest(password) in self._digests


def at_login(db: Session, settings: Breached, found: BreachedList, user: User, password: str,
             client: Client | None) -> None:
    """After a correct password: log, notify and (with ``block``) refuse a breached one."""
    if not settings.enabled or password not in found:
        return
    blocked = "block" in settings.shields
    logs.write("pwd_leak", client=client, user=user,
               description=f"Someone behind the IP address attempted to login with a leaked "
                           f"password ({'login blocked' if blocked else 'login allowed'})",
               details={"shields": sorted(settings.shields)})
    if "user_notification" in settings.shields and user.email:
        _notify(db, user, client)
    if blocked:
        raise refusals.login_breached()


def _notify(db: Session, user: User, client: Client | None) -> None:
    from .. import mail

    url = tickets.issue(db, tickets.PASSWORD_CHANGE, user,
                        client_id=getattr(client, "client_id", None))
    variables = {"url": url, "user": {"user_id": user.user_id, "email": user.email}}
    if client is not None:
        variables["application"] = {"name": client.name, "clientID": client.client_id}
    mail.send_template("stolen_credentials", user.email, variables)


def at_signup(settings: Breached, found: BreachedList, email: str, password: str, *,
              client: Client | None, connection: str) -> None:
    """Before a sign-up: log ``signup_pwd_leak``; refuse with the stage's ``block`` shield."""
    if not settings.enabled or password not in found:
        return
    blocked = "block" in settings.signup_shields
    logs.write("signup_pwd_leak", client=client, connection=connection, user_name=email,
               description="Someone behind the IP address attempted to signup with a leaked "
                           "password", details={"shields": sorted(settings.signup_shields)})
    if blocked:
        raise refusals.signup_breached()


def at_change(settings: Breached, found: BreachedList, user: User, password: str,
              client: Client | None) -> list[str]:
    """Before a password change: log ``reset_pwd_leak``; with ``block`` return the problem."""
    if not settings.enabled or password not in found:
        return []
    shields = sorted(settings.change_password_shields)
    logs.write("reset_pwd_leak", client=client, user=user,
               description="Someone behind the IP address attempted to reset with a leaked "
                           "password", details={"shields": shields})
    return [refusals.CHANGE_BREACHED] if "block" in settings.change_password_shields else []
