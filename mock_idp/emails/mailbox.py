"""Reading what the tenant sent, for the control plane's outbox (JSON and the human page).

With SMTP delivery the messages are in the mail sink, read over its HTTP API (services
never import each other); with the in-database outbox they are in the ``outbox`` table.
Both answer in one shape: ``id``, ``to``, ``from``, ``subject``, ``text``, ``html``,
``template``, ``data`` (``url``: the message's link into the tenant), ``links``, ``created_at``.
"""

from __future__ import annotations

from datetime import datetime

import requests
from sqlalchemy import select

from ..models import OutboxMessage
from .smtp import TEMPLATE_HEADER


class MailboxUnavailable(RuntimeError):
    """The mail sink did not answer; the message says where it was looked for."""


class SinkMailbox:
    def __init__(self, base_url: str, issuers: tuple[str, ...], timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self.issuers = tuple(issuers)  # links to any domain of the tenant are its own
        self.timeout = timeout

    def _get(self, path: str, params: dict | None = None):
        try:
            response = requests.get(self.base_url + path, params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise MailboxUnavailable(f"the mail sink at {self.base_url} did not answer "
                                     f"({type(exc).__name__})") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise MailboxUnavailable(f"the mail sink at {self.base_url} answered "
                                     f"{response.status_code}")
        return response.json()

    def messages(self, to: str | None = None, template: str | None = None,
                 take: int = 100) -> list[dict]:
        params = {key: value for key, value in (("to", to), ("template", template)) if value}
        found = self._get("/messages", {**params, "limit": take}) or []
        return [self._shape(item) for item in found]

    def message(self, message_id: int) -> dict | None:
        found = self._get(f"/messages/{int(message_id)}")
        return self._shape(found) if found else None

    def _shape(self, item: dict) -> dict:
        own = [link for link in item.get("links") or [] if link.startswith(self.issuers)]
        stamp = datetime.fromisoformat(item["received_at"]).timestamp()
        shaped = {"id": item["id"], "to": (item.get("to") or [""])[0], "from": item.get("from"),
                  "subject": item.get("subject"), "text": item.get("text"),
                  "html": item.get("html"), "template": item.get("template"),
                  "data": {"url": own[0]} if own else {}, "links": item.get("links") or [],
                  "created_at": int(stamp)}
        if "headers" in item:
            shaped["headers"] = [h for h in item["headers"] if h["name"] != TEMPLATE_HEADER]
        return shaped


class DatabaseMailbox:
    def __init__(self, app):
        self._sessionmaker = app.extensions["mock_idp.db"]
        self.base_url = None

    def messages(self, to: str | None = None, template: str | None = None,
                 take: int = 100) -> list[dict]:
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(take)
        if to:
            query = query.where(OutboxMessage.to == to.strip().lower())
        if template:
            query = query.where(OutboxMessage.template == template)
        with self._sessionmaker() as db:
            return [self._shape(row) for row in db.scalars(query)]

    def message(self, message_id: int) -> dict | None:
        with self._sessionmaker() as db:
            row = db.get(OutboxMessage, int(message_id))
            return self._shape(row) if row is not None else None

    @staticmethod
    def _shape(row: OutboxMessage) -> dict:
        url = (row.data or {}).get("url")
        return {"id": row.id, "to": row.to, "from": None, "subject": row.subject,
                "text": row.text, "html": row.html, "template": row.template,
                "data": row.data, "links": [url] if url else [], "created_at": row.created_at}
