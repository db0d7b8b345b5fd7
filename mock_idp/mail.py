"""How the tenant sends email: one ``Mailer`` per app in ``app.extensions["mock_idp.mailer"]``.

The default ``OutboxMailer`` records each message in the ``outbox`` table, which the control
plane serves at ``GET /_cookbook/outbox``. Another transport (SMTP) is one class with the same
``send`` method, registered in ``MAILERS`` and chosen with the ``MAILER`` setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import insert

from .models import OutboxMessage


@dataclass(frozen=True)
class Email:
    """One message: who to, what it says, and which template produced it (with its values)."""

    to: str
    subject: str
    text: str
    html: str | None = None
    template: str | None = None
    data: dict = field(default_factory=dict)


class Mailer(Protocol):
    def send(self, message: Email) -> None:
        """Deliver ``message`` or raise; never log its links (they carry tickets)."""


class OutboxMailer:
    """Keeps every message in the tenant database instead of delivering it."""

    def __init__(self, app):
        self._sessionmaker = app.extensions["mock_idp.db"]
        self._clock = app.extensions["mock_idp.clock"]

    def send(self, message: Email) -> None:
        with self._sessionmaker() as db:
            db.execute(insert(OutboxMessage).values(
                to=message.to, subject=message.subject, text=message.text, html=message.html,
                template=message.template, data=dict(message.data), created_at=self._clock.now()))
            db.commit()


MAILERS: dict[str, type] = {"outbox": OutboxMailer}


def verification_email(to: str, ticket_url: str, tenant: str) -> Email:
    """Auth0's "Verification Email" template, in plain words."""
    text = (f"Welcome to {tenant}!\n\nPlease confirm your email address by opening this link:\n"
            f"{ticket_url}\n\nIf you did not sign up, you can ignore this message.\n")
    return Email(to=to, subject="Verify your email", text=text, template="verify_email",
                 data={"url": ticket_url})


def send_template(template: str, to: str, variables: dict) -> None:
    """Send the tenant's ``template`` email (verify_email, reset_email, blocked_account, ...)
    to ``to`` with ``variables`` (``url``, ``user``, ...) through the app's mailer."""
    from flask import current_app

    url = variables.get("url", "")
    subject, lead = DEFAULT_TEXTS.get(template, (template.replace("_", " ").capitalize(), ""))
    text = f"{lead}\n\n{url}\n" if url else f"{lead}\n"
    current_app.extensions["mock_idp.mailer"].send(
        Email(to=to, subject=subject, text=text, template=template, data=dict(variables)))


# Plain wording used until the tenant's own (Liquid) templates are rendered.
DEFAULT_TEXTS = {
    "verify_email": ("Verify your email", "Please confirm your email address:"),
    "welcome_email": ("Welcome", "Your account is ready."),
    "reset_email": ("Reset your password", "Someone asked to reset your password:"),
    "blocked_account": ("Your account was blocked",
                        "Too many failed logins blocked your account. To unblock it:"),
    "change_password": ("Your password was changed", "Your password was changed."),
    "password_reset": ("Your password was reset", "Your password was reset."),
}


def init_app(app) -> None:
    name = app.config["MAILER"]
    if name not in MAILERS:
        raise ValueError(f"MAILER must be one of {', '.join(sorted(MAILERS))}, not {name!r}")
    app.extensions["mock_idp.mailer"] = MAILERS[name](app)


def outbox_json(row: OutboxMessage) -> dict:
    return {"id": row.id, "to": row.to, "subject": row.subject, "text": row.text,
            "html": row.html, "template": row.template, "data": row.data,
            "created_at": row.created_at}
