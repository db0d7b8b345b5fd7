"""Delivery through the tenant's ``emailProvider`` (``name: smtp``) with ``smtplib``.

Port 465 means implicit TLS; otherwise STARTTLS is used when the server offers it, and
AUTH only when the provider has a user. Header values are single-line by construction:
a CR or LF from a user's name or a template can never start a header of its own.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

TEMPLATE_HEADER = "X-Cookbook-Template"  # read by the mail sink to filter by template
ADDRESS = re.compile(r"^[^@\s,;<>\"()\[\]\\]+@[^@\s,;<>\"()\[\]\\]+\.[^@\s,;<>\"()\[\]\\]+$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
SENDER = re.compile(r"(?:(?P<name>[^<>]*)<(?P<address>[^<>\s]+)>|(?P<plain>[^<>\s]+))")


class UnsafeMessage(ValueError):
    """A recipient or sender that is not exactly one plain email address."""


def one_line(value: str) -> str:
    """Header text with every control character (CR, LF, tab...) folded into a space."""
    return CONTROL.sub(" ", value or "").strip()


def plain_address(value: str, what: str) -> str:
    if not isinstance(value, str) or CONTROL.search(value) or not ADDRESS.match(value.strip()):
        raise UnsafeMessage(f"the {what} address is not one plain email address")
    return value.strip()


def _split_sender(value: str) -> tuple[str, str] | None:
    """``Name <address>`` or ``address``, strictly: a display name (which may hold a user's
    text) can never supply the address, unlike ``email.utils.parseaddr``."""
    match = SENDER.fullmatch(one_line(value))
    if match is None:
        return None
    address = match.group("address") or match.group("plain")
    return (match.group("name") or "").strip().strip('"'), address


def sender_header(rendered: str | None, default: str) -> tuple[str, str]:
    """(From header, envelope sender) from the template's From, else the provider's."""
    for candidate in (rendered, default):
        parts = _split_sender(candidate or "")
        if parts and ADDRESS.match(parts[1]):
            display, address = parts
            header = str(Address(display_name=display, addr_spec=address)) if display else address
            return header, address
    raise UnsafeMessage("neither the template nor the provider has a usable from address")


class SmtpMailer:
    """Sends each message in its own SMTP session (simple, and nothing stays half-open)."""

    def __init__(self, app, provider: dict):
        credentials = provider.get("credentials") or {}
        self.host = credentials["smtp_host"]
        self.port = int(credentials["smtp_port"])
        self.user = credentials.get("smtp_user") or None
        self._password = credentials.get("smtp_pass") or ""
        self.default_from = provider.get("default_from_address") or ""
        self.timeout = float(app.config["SMTP_TIMEOUT"])
        self.local_hostname = urlsplit(app.config["ISSUER"]).hostname or "localhost"

    def __repr__(self) -> str:  # never the password
        return f"SmtpMailer({self.host}:{self.port}, user={self.user!r})"

    def build(self, message) -> tuple[EmailMessage, str, str]:
        """The MIME message, the envelope sender and the one recipient."""
        to = plain_address(message.to, "recipient")
        header, envelope_from = sender_header(message.from_address, self.default_from)
        mime = EmailMessage()
        mime["From"] = header
        mime["To"] = to
        mime["Subject"] = one_line(message.subject)
        mime["Date"] = formatdate(usegmt=True)
        mime["Message-ID"] = make_msgid(domain=envelope_from.rsplit("@", 1)[1])
        mime["Auto-Submitted"] = "auto-generated"
        if message.template:
            mime[TEMPLATE_HEADER] = one_line(message.template)
        mime.set_content(message.text)
        if message.html:
            mime.add_alternative(message.html, subtype="html")
        return mime, envelope_from, to

    def send(self, message) -> None:
        """Deliver or raise (``smtplib.SMTPException``, ``OSError``, ``UnsafeMessage``)."""
        mime, envelope_from, to = self.build(message)
        context = ssl.create_default_context()
        if self.port == 465:
            client = smtplib.SMTP_SSL(self.host, self.port, local_hostname=self.local_hostname,
                                      timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, local_hostname=self.local_hostname,
                                  timeout=self.timeout)
        with client:
            client.ehlo()
            if self.port != 465 and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            if self.user:
                client.login(self.user, self._password)
            client.send_message(mime, from_addr=envelope_from, to_addrs=[to])
