"""The mail sink as a service: SMTP in (port 0, AUTH taken, size limit), JSON out, clean stop."""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage

import pytest

import mailsink

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.operations.email-provider")]


@pytest.fixture
def sink(tmp_path):
    app = mailsink.create_app({"SMTP_PORT": 0, "DATABASE_URL": f"sqlite:///{tmp_path}/mail.db",
                               "MAX_MESSAGE_BYTES": 20000})
    yield app
    mailsink.stop(app)


def send(app, to: str = "jane@example.com", body: str = "Hello", login: bool = False) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "no-reply@t.example", to, "Hi"
    message["X-Cookbook-Template"] = "welcome_email"
    message.set_content(body)
    port = app.extensions["mailsink.smtp"].port
    with smtplib.SMTP("127.0.0.1", port, local_hostname="test", timeout=5) as client:
        if login:
            client.login("travel0", "anything")
        client.send_message(message)


def test_received_mail_is_listed_read_and_cleared(sink):
    send(sink, login=True)
    send(sink, to="sam@example.com")
    api = sink.test_client()
    listed = api.get("/messages", query_string={"to": "jane@example.com"}).get_json()
    assert [(m["to"], m["template"], m["subject"]) for m in listed] == [
        (["jane@example.com"], "welcome_email", "Hi")]
    one = api.get(f"/messages/{listed[0]['id']}").get_json()
    assert one["auth_user"] == "travel0" and one["text"] == "Hello\n"
    assert {"name": "Subject", "value": "Hi"} in one["headers"]
    raw = api.get(f"/messages/{listed[0]['id']}/raw")
    assert raw.mimetype == "message/rfc822" and b"Subject: Hi" in raw.data
    assert api.delete("/messages").get_json() == {"deleted": 2}
    assert api.get("/messages").get_json() == []
    missing = api.get("/messages/12345")
    assert missing.status_code == 404 and missing.get_json()["error"] == "Not Found"


def test_health_checks_the_store_and_the_smtp_listener(sink):
    health = sink.test_client().get("/health").get_json()
    assert health == {"status": "ok", "checks": {"database": "ok", "smtp": "ok"}}


def test_a_message_over_the_size_limit_is_refused(sink):
    with pytest.raises(smtplib.SMTPException):
        send(sink, body="x" * 30000)
    assert sink.test_client().get("/messages").get_json() == []


def test_stopping_frees_the_port_and_may_be_repeated(tmp_path):
    app = mailsink.create_app({"SMTP_PORT": 0, "DATABASE_URL": f"sqlite:///{tmp_path}/m.db"})
    port = app.extensions["mailsink.smtp"].port
    mailsink.stop(app)
    mailsink.stop(app)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "nothing listens any more"


def test_the_api_alone_runs_without_smtp(tmp_path):
    app = mailsink.create_app({"SMTP_ENABLED": False, "DATABASE_URL": f"sqlite:///{tmp_path}/m.db"})
    assert "mailsink.smtp" not in app.extensions
    assert app.test_client().get("/health").get_json()["checks"] == {"database": "ok"}
    mailsink.stop(app)
