"""The mail sink's reading of messages: parts, headers, links, filters, and what the tenant's
SMTP mailer puts on the wire (one recipient, single-line headers)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from mailsink.parse import parse_message
from mailsink.store import Store
from mock_idp.emails.smtp import SmtpMailer, UnsafeMessage, one_line, sender_header
from mock_idp.mail import Email

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.operations.email-provider")]


def message(**headers) -> bytes:
    mime = EmailMessage()
    for name, value in {"From": "Travel0 <no-reply@travel0.example>", "To": "jane@example.com",
                        "Subject": "Confirm", **headers}.items():
        mime[name.replace("_", "-")] = value
    mime.set_content("Open https://t.example/u/email-verification?ticket=t1#\r\nThanks")
    mime.add_alternative('<p><a href="https://t.example/a?b=1&amp;c=2">Go</a> '
                         '<a href="mailto:s@t.example">help</a></p>', subtype="html")
    return bytes(mime)


def test_parts_links_and_headers_are_read():
    parsed = parse_message(message(X_Cookbook_Template="verify_email", Subject="Café ✈ time"))
    assert parsed.subject == "Café ✈ time" and parsed.to == ["jane@example.com"]
    assert parsed.template == "verify_email"
    assert parsed.text == "Open https://t.example/u/email-verification?ticket=t1#\nThanks\n"
    assert parsed.links == ["https://t.example/a?b=1&c=2",
                            "https://t.example/u/email-verification?ticket=t1#"]
    assert ("From", "Travel0 <no-reply@travel0.example>") in parsed.headers


def test_a_malformed_message_is_read_as_far_as_possible():
    raw = (b"Subject: broken\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\n"
           b"caf\xe9 https://x.example/y\r\n")
    parsed = parse_message(raw)
    assert parsed.subject == "broken" and "https://x.example/y" in parsed.links
    assert parsed.html is None and parsed.to == []


def test_store_filters_by_recipient_and_template_newest_first(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/mail.db", max_messages=3)
    first = store.save(message(X_Cookbook_Template="verify_email"), "a@t.example",
                       ["jane@example.com"])
    second = store.save(message(To="sam@example.com", X_Cookbook_Template="reset_email"),
                        "a@t.example", ["sam@example.com"], auth_user="travel0")
    assert [m["id"] for m in store.list()] == [second, first]
    assert [m["id"] for m in store.list(to="JANE@example.com")] == [first]
    assert [m["id"] for m in store.list(template="reset_email")] == [second]
    full = store.get(second)
    assert full["auth_user"] == "travel0" and full["envelope"]["to"] == ["sam@example.com"]
    for _ in range(3):
        store.save(message(), None, ["x@example.com"])
    assert len(store.list()) == 3 and store.get(first) is None, "oldest dropped past the cap"
    assert store.clear(to="x@example.com") == 3 and store.list() == []
    store.dispose()


class _App:
    def __init__(self):
        self.config = {"SMTP_TIMEOUT": 5, "ISSUER": "http://127.0.0.1:4000/"}


def mailer() -> SmtpMailer:
    return SmtpMailer(_App(), {"default_from_address": "no-reply@travel0.example",
                               "credentials": {"smtp_host": "127.0.0.1", "smtp_port": 2525}})


@pytest.mark.security
def test_crlf_in_subject_or_sender_name_never_becomes_a_header():
    mime, envelope_from, to = mailer().build(Email(
        to="jane@example.com", subject="Hello\r\nBcc: evil@attacker.example", text="x",
        from_address="Eve\r\nBcc: evil@attacker.example <no-reply@travel0.example>"))
    raw = bytes(mime)
    assert b"\nBcc:" not in raw and mime.get_all("Bcc") is None
    assert mime["Subject"] == "Hello Bcc: evil@attacker.example"
    assert (envelope_from, to) == ("no-reply@travel0.example", "jane@example.com")


@pytest.mark.security
@pytest.mark.parametrize("to", ["jane@example.com\r\nBcc: evil@attacker.example",
                                "jane@example.com, evil@attacker.example",
                                "Jane <jane@example.com>", "not-an-address"])
def test_a_recipient_must_be_exactly_one_plain_address(to):
    with pytest.raises(UnsafeMessage):
        mailer().build(Email(to=to, subject="s", text="x"))


def test_sender_falls_back_to_the_providers_address():
    assert sender_header("{{ broken", "no-reply@travel0.example") == (
        "no-reply@travel0.example", "no-reply@travel0.example")
    assert sender_header("Travel0 <hello@travel0.example>", "x@y.example")[1] == \
        "hello@travel0.example"
    assert one_line("a\r\n\tb\x00c") == "a b c"
