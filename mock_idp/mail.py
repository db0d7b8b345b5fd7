"""How the tenant sends email: ``send_template(template, to, variables)`` renders the tenant's
template and hands the message to the app's mailer (``app.extensions["mock_idp.mailer"]``).

The transport follows the tenant files, as in Auth0: with an enabled ``emailProvider``
(``name: smtp``) every message goes out over SMTP (``SmtpMailer``); without one the
``OutboxMailer`` keeps it in the tenant database, like Auth0's built-in test provider.
``MAILER=outbox|smtp`` forces one. Delivery failures never reach the flow that sent: they
are logged as ``fn`` (Failed Sending Notification), without the message's links.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from flask import current_app
from sqlalchemy import insert

from . import logs
from .emails.mailbox import DatabaseMailbox, SinkMailbox
from .emails.smtp import SmtpMailer
from .emails.templates import TemplateSet
from .emails.variables import build_context, json_safe
from .models import OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    """One message: who to, what it says, and which template produced it (with its values)."""

    to: str
    subject: str
    text: str
    html: str | None = None
    template: str | None = None
    data: dict = field(default_factory=dict)
    from_address: str | None = None  # None: the provider's default_from_address


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


def _smtp(app) -> SmtpMailer:
    return SmtpMailer(app, app.extensions["mock_idp.tenant"].data.get("emailProvider") or {})


MAILERS: dict[str, object] = {"outbox": OutboxMailer, "smtp": _smtp}


class Outgoing:
    """The app's mailer: the chosen transport, with failures logged instead of raised."""

    def __init__(self, transport, name: str):
        self.transport, self.name = transport, name

    def send(self, message: Email) -> bool:
        try:
            self.transport.send(message)
        except Exception as exc:  # noqa: BLE001 - a lost email must not break a login or sign-up
            failed(message.template, message.to, exc)
            return False
        return True


def failed(template: str | None, to: str, exc: Exception) -> None:
    """Record a message that was not sent: an ``fn`` event and a warning, no links."""
    reason = f"{type(exc).__name__}: {exc}"[:300]
    log.warning("email %s to %s not sent: %s", template, to, reason)
    logs.write("fn", description="Failed sending notification", user_name=to,
               details={"template": template, "error": reason})


def send_template(template: str, to: str, variables: dict) -> bool:
    """Send the tenant's ``template`` email (verify_email, reset_email, blocked_account, ...)
    to ``to`` with ``variables`` (``url``, ``user``, ``application``, ...) through the app's
    mailer. False when the template is off or the message could not be sent (logged)."""
    app = current_app
    templates: TemplateSet = app.extensions["mock_idp.email_templates"]
    if not templates.enabled(template):
        return False
    try:
        settings = app.extensions["mock_idp.tenant"].data.get("tenant") or {}
        with app.extensions["mock_idp.db"]() as db:
            context = build_context(db, app.config["TENANT_NAME"], settings, to, variables)
        rendered = templates.render(template, context)
    except Exception as exc:  # noqa: BLE001 - a template failing on a value: logged, not raised
        failed(template, to, exc)
        return False
    return app.extensions["mock_idp.mailer"].send(Email(
        to=to, subject=rendered.subject, text=rendered.text, html=rendered.html,
        template=template, data=json_safe(context), from_address=rendered.sender))


def choose_transport(app) -> str:
    """``MAILER`` (auto, outbox, smtp) against the tenant's ``emailProvider``."""
    provider = app.extensions["mock_idp.tenant"].data.get("emailProvider") or {}
    active = bool(provider) and provider.get("enabled", True) and provider.get("name") == "smtp"
    name = app.config["MAILER"]
    if name == "auto":
        return "smtp" if active else "outbox"
    if name not in MAILERS:
        raise ValueError(f"MAILER must be auto or one of {', '.join(sorted(MAILERS))}, "
                         f"not {name!r}")
    if name == "smtp" and not active:
        raise ValueError("MAILER=smtp needs an enabled emailProvider (name: smtp) in the "
                         "tenant files")
    return name


def init_app(app) -> None:
    name = choose_transport(app)
    app.extensions["mock_idp.mailer"] = Outgoing(MAILERS[name](app), name)
    app.extensions["mock_idp.email_templates"] = TemplateSet(
        app.extensions["mock_idp.tenant"].email_templates)
    issuers = app.extensions["mock_idp.domains"].all
    app.extensions["mock_idp.mailbox"] = (
        SinkMailbox(app.config["MAILBOX_URL"], issuers) if name == "smtp"
        else DatabaseMailbox(app))


def outbox_json(row: OutboxMessage) -> dict:
    return {"id": row.id, "to": row.to, "subject": row.subject, "text": row.text,
            "html": row.html, "template": row.template, "data": row.data,
            "created_at": row.created_at}
