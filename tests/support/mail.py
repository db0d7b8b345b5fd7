"""A real mail sink for tests: SMTP and its JSON API on port 0, in this process.

A tenant under test sends through it when given ``sink.tenant_settings()``: the SMTP port
as keywords of the tenant files (as `cookbook up` does) and the sink's URL as the tenant's
``MAILBOX_URL`` (what ``/_cookbook/outbox`` reads).
"""

from __future__ import annotations

import time

import requests

import mailsink
from tests.support.servers import LiveServer


class MailSink:
    def __init__(self, workdir):
        self.app = mailsink.create_app({"SMTP_PORT": 0, "SMTP_HOST": "127.0.0.1",
                                        "DATABASE_URL": f"sqlite:///{workdir}/mail.db"})
        self.server = LiveServer("127.0.0.1").start(self.app)
        self.smtp_port = self.app.extensions["mailsink.smtp"].port
        self._stopped = False

    @property
    def url(self) -> str:
        return self.server.url

    def keywords(self) -> dict:
        """Tenant-file keywords that point the ``emailProvider`` at this sink."""
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.smtp_port,
                "SMTP_USER": "travel0-test", "SMTP_PASSWORD": "test-sink"}

    def tenant_settings(self, keywords: dict | None = None) -> dict:
        """mock_idp settings: deliver over SMTP here and read the outbox from here."""
        return {"MAILER": "smtp", "MAILBOX_URL": self.url,
                "KEYWORDS": {**self.keywords(), **(keywords or {})}}

    def messages(self, to: str | None = None, template: str | None = None) -> list[dict]:
        params = {key: value for key, value in (("to", to), ("template", template)) if value}
        response = requests.get(f"{self.url}/messages", params=params, timeout=5)
        response.raise_for_status()
        return response.json()

    def message(self, message_id: int) -> dict:
        response = requests.get(f"{self.url}/messages/{message_id}", timeout=5)
        response.raise_for_status()
        return response.json()

    def wait_for(self, to: str, template: str | None = None, count: int = 1,
                 deadline: float = 10.0) -> list[dict]:
        """The newest messages to ``to`` once ``count`` have arrived (polling, no sleeps)."""
        end = time.monotonic() + deadline
        while True:
            found = self.messages(to=to, template=template)
            if len(found) >= count:
                return found
            if time.monotonic() > end:
                raise AssertionError(f"no {template or 'email'} to {to} within {deadline}s")

    def clear(self) -> None:
        requests.delete(f"{self.url}/messages", timeout=5).raise_for_status()

    def stop(self) -> None:
        """Stop both listeners (a test may stop the sink early to see delivery fail)."""
        if not self._stopped:
            self._stopped = True
            self.server.stop()
            mailsink.stop(self.app)


def link_in(message: dict, issuer: str) -> str:
    """The message's first link into the tenant (a ticket URL)."""
    links = [link for link in message.get("links") or [] if link.startswith(issuer)]
    assert links, f"no link to {issuer} in {message.get('subject')!r}"
    return links[0]
