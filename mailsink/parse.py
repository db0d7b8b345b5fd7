"""Reading a received message: headers, the text and HTML parts, and the links it carries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from html.parser import HTMLParser

URL = re.compile(r"https?://[^\s<>\"')\]]+")
TEMPLATE_HEADER = "X-Cookbook-Template"  # which tenant template produced the message


@dataclass
class Parsed:
    """What the API shows of one message."""

    subject: str
    sender: str
    to: list[str]
    headers: list[tuple[str, str]]
    text: str
    html: str | None
    template: str | None
    links: list[str] = field(default_factory=list)


class _Links(HTMLParser):
    """Collects ``href`` of every ``<a>`` in document order (entities already unescaped)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and href.startswith(("http://", "https://")):
                self.links.append(href)


def html_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links


def _content(part) -> str:
    """A part's text; an unknown or wrong charset is decoded leniently, never an error."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError, AttributeError):
        content = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    return content.replace("\r\n", "\n") if isinstance(content, str) else ""


def _header(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return str(value) if value is not None else ""


def parse_message(raw: bytes) -> Parsed:
    """Parse RFC 5322 bytes; malformed input yields what could be read, never an exception."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    text = _content(text_part) if text_part is not None else ""
    html = _content(html_part) if html_part is not None else None
    # Each link once, in order: the HTML's first, then any only the text part has.
    links = list(dict.fromkeys([*(html_links(html) if html else []), *URL.findall(text)]))
    recipients = [address for _, address in getaddresses(
        [str(value) for value in message.get_all("to", [])]) if address]
    return Parsed(
        subject=_header(message, "subject"), sender=_header(message, "from"),
        to=recipients, headers=[(name, str(value)) for name, value in message.items()],
        text=text, html=html, template=_header(message, TEMPLATE_HEADER) or None, links=links)
