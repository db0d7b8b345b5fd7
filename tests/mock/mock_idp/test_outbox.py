"""The outbox on the control plane: a page to read what the tenant sent (HTML in a sandboxed
frame, links usable), JSON for tests, and delivery failures that never break a flow."""

from __future__ import annotations

import re
from html import unescape

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.accounts import api_signup
from tests.support.fixtures import tenant_overrides
from tests.support.flows import FlaskHttp

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.operations.email-provider"),
              pytest.mark.scenario("b2b.phase1.operations.email-provider")]
STRONG = "Lisbon-by-Tram-2026"


@pytest.fixture
def sent(http, clients, mail_sink) -> dict:
    api_signup(http, clients["Travel0 Web"]["client_id"], "olga@example.com", STRONG)
    return mail_sink.wait_for("olga@example.com", "verify_email")[0]


def test_the_outbox_page_lists_and_shows_a_message(http, sent):
    listing = http.get("/_cookbook/mail", params={"to": "olga@example.com"})
    assert listing.status == 200 and "Confirm your email address for Travel0 (dev)" in listing.text
    assert f'href="/_cookbook/mail/{sent["id"]}"' in listing.text
    page = http.get(f"/_cookbook/mail/{sent['id']}")
    assert page.status == 200
    frame = re.search(r'<iframe id="message-body"[^>]*>', page.text).group(0)
    sandbox = re.search(r'sandbox="([^"]*)"', frame).group(1).split()
    assert "allow-scripts" not in sandbox and "allow-same-origin" not in sandbox
    assert "allow-top-navigation-by-user-activation" in sandbox
    document = unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
    assert '<base target="_top">' in document and "Confirm my email address" in document
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_an_unknown_message_is_404(http):
    assert http.get("/_cookbook/mail/999999").status == 404


def test_without_the_control_plane_there_is_no_outbox(tmp_path, mail_sink):
    app = create_app(tenant_overrides(tmp_path, CONTROL_PLANE=False, **mail_sink.tenant_settings()))
    try:
        http = FlaskHttp(app.test_client())
        assert http.get("/_cookbook/outbox").status == 404
        assert http.get("/_cookbook/mail").status == 404
    finally:
        dispose(app)


def test_a_mail_server_that_is_down_never_breaks_sign_up(tmp_path, mail_sink):
    settings = mail_sink.tenant_settings()
    mail_sink.stop()  # delivery now fails: connection refused
    app = create_app(tenant_overrides(tmp_path, **settings))
    try:
        http = FlaskHttp(app.test_client())
        web = {c["name"]: c for c in http.get("/_cookbook/clients").json()}["Travel0 Web"]
        answer = api_signup(http, web["client_id"], "down@example.com", STRONG)
        assert answer.status == 200, "the user exists although no email went out"
        failed = http.get("/_cookbook/logs", params={"type": "fn"}).json()[0]
        assert failed["description"] == "Failed sending notification"
        assert failed["details"]["template"] == "verify_email"
        assert "ticket" not in str(failed), "no link in the log"
        assert http.get("/_cookbook/outbox").status == 503, "the sink is unreachable: said so"
    finally:
        dispose(app)


def test_a_tenant_without_an_email_provider_keeps_mail_in_its_database(tmp_path):
    app = create_app(tenant_overrides(tmp_path))  # MAILER=outbox: Auth0's test provider
    try:
        http = FlaskHttp(app.test_client())
        web = {c["name"]: c for c in http.get("/_cookbook/clients").json()}["Travel0 Web"]
        api_signup(http, web["client_id"], "db@example.com", STRONG)
        mail = http.get("/_cookbook/outbox", params={"to": "db@example.com"}).json()
        assert [m["template"] for m in mail] == ["verify_email"]
        assert mail[0]["data"]["url"].startswith("http://127.0.0.1:4000/u/email-verification?")
        assert http.get(f"/_cookbook/mail/{mail[0]['id']}").status == 200
    finally:
        dispose(app)
