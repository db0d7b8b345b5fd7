"""Attacks on sign-up, verification and reset: user enumeration, ticket reuse and expiry,
weak passwords, CSRF on the new forms, email header injection, secrets in the tenant log."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.accounts import (
    DB,
    api_signup,
    heading,
    page_signup,
    request_reset,
    reset_password,
)
from tests.support.fixtures import tenant_overrides
from tests.support.flows import FlaskHttp, hidden_fields
from tests.support.mail import link_in
from tests.support.tenant import JANE, TENANTS

pytestmark = pytest.mark.security
ISSUER = "http://127.0.0.1:4000/"
STRONG, NEW = "Lisbon-by-Tram-2026", "Porto-by-Boat-2027"
CSRF = re.compile(r'name="_csrf" value="[^"]*"')


@pytest.fixture
def web_id(clients) -> str:
    return clients["Travel0 Web"]["client_id"]


@pytest.fixture
def member(http, web_id, mail_sink) -> str:
    """A signed-up user's verification link."""
    assert api_signup(http, web_id, "mia@example.com", STRONG).status == 200
    return link_in(mail_sink.wait_for("mia@example.com", "verify_email")[0], ISSUER)


def reset_link_for(http, web_id, mail_sink, email: str = "mia@example.com") -> str:
    http.post("/dbconnections/change_password",
              json={"client_id": web_id, "email": email, "connection": DB})
    return link_in(mail_sink.wait_for(email, "reset_email")[0], ISSUER)


@pytest.mark.scenario("b2c.phase1.profile.password-reset")
def test_reset_requests_do_not_reveal_who_has_an_account(http, web_id, member):
    answers = [http.post("/dbconnections/change_password",
                         json={"client_id": web_id, "email": email, "connection": DB})
               for email in ("mia@example.com", "ghost@example.com")]
    assert [(a.status, a.text, a.headers["Content-Type"]) for a in answers] == \
        [(200, "We've just sent you an email to reset your password.",
          "text/html; charset=utf-8")] * 2
    pages = [request_reset(http, email) for email in ("mia@example.com", "ghost@example.com")]
    known, unknown = (CSRF.sub("", p.text.replace(email, "EMAIL")) for p, email in
                      zip(pages, ("mia@example.com", "ghost@example.com"), strict=True))
    assert known == unknown and pages[0].status == pages[1].status == 200


@pytest.mark.scenario("b2c.phase1.provisioning.self-sign-up")
def test_signup_does_not_reveal_who_has_an_account(http, web_id, web_flow):
    taken = api_signup(http, web_id, JANE, STRONG)
    malformed = api_signup(http, web_id, "not-an-email", STRONG)
    assert (taken.status, taken.json()) == (malformed.status, malformed.json())
    assert "exist" not in taken.text
    page = page_signup(http, web_flow, JANE, STRONG)
    error = re.search(r'id="error-element-email"[^>]*>(.*?)<', page.text).group(1)
    assert error == "Something went wrong, please try again later"


@pytest.mark.scenario("b2c.phase1.profile.account-verification")
def test_verification_tickets_are_single_use_expire_and_keep_to_their_kind(http, member, web_id,
                                                                         mail_sink):
    reset = reset_link_for(http, web_id, mail_sink)
    wrong_kind = http.get(reset.replace("reset-password", "email-verification"))
    assert heading(wrong_kind) == "This link is not valid", "a reset ticket verifies nothing"
    tampered = http.get(member.replace("ticket=", "ticket=x"))
    assert heading(tampered) == "This link is not valid"
    assert heading(http.get(member)) == "Email verified"
    assert heading(http.get(member)) == "This link was already used"


@pytest.mark.scenario("b2c.phase1.profile.password-reset")
def test_reset_tickets_are_single_use_and_expire(http, member, web_id, mail_sink):
    link = reset_link_for(http, web_id, mail_sink)
    assert reset_password(http, link, NEW).status == 200
    again = http.get(link)
    assert again.status == 400 and heading(again) == "This link was already used"
    mail_sink.clear()
    late = reset_link_for(http, web_id, mail_sink)
    http.post("/_cookbook/clock", json={"advance": 3601})  # reset_email: one hour
    expired = http.get(late)
    assert heading(expired) == "This link has expired"
    page = http.get(member.replace("email-verification", "reset-password"))
    assert heading(page) == "This link is not valid", "a verification ticket resets nothing"


@pytest.mark.scenario("b2c.phase1.profile.password-reset")
def test_reset_forms_refuse_missing_or_foreign_csrf_tokens(tenant_app, http, member, web_id,
                                                          mail_sink):
    page = http.get("/u/reset-password/request")
    fields = hidden_fields(page.text)
    bare = http.post("/u/reset-password/request", data={"email": "mia@example.com"})
    assert bare.status == 403
    stranger = FlaskHttp(tenant_app.test_client())  # another browser: another device cookie
    assert stranger.post("/u/reset-password/request",
                         data={**fields, "email": "mia@example.com"}).status == 403
    first = reset_link_for(http, web_id, mail_sink)
    token = hidden_fields(http.get(first).text)["_csrf"]
    http.post("/dbconnections/change_password",
              json={"client_id": web_id, "email": "mia@example.com", "connection": DB})
    second = link_in(mail_sink.messages(to="mia@example.com", template="reset_email")[0], ISSUER)
    ticket = second.split("ticket=", 1)[1].rstrip("#")
    replayed = http.post("/u/reset-password", data={"ticket": ticket, "_csrf": token,
                                                    "password-reset": NEW,
                                                    "re-enter-password": NEW})
    assert replayed.status == 403, "a token is bound to its own ticket"


@pytest.mark.parametrize("password", ["Password123!", "qwerty123456", "Mia-in-Lisbon-2026",
                                      "aaaaaaaaaaaa"])
def test_weak_passwords_are_refused_on_sign_up_and_reset(http, web_id, member, mail_sink,
                                                         password):
    refused = api_signup(http, web_id, "mia+2@example.com", password, name="Mia")
    assert refused.status == 400 and refused.json()["code"] == "invalid_password"
    answer = reset_password(http, reset_link_for(http, web_id, mail_sink), password)
    assert answer.status == 400 and 'id="error-element-password-reset"' in answer.text


@pytest.fixture
def chatty_tenant(tmp_path, mail_sink):
    """The main tenant with templates that put the user's name in the subject and From."""
    shutil.copytree(TENANTS / "main", tmp_path / "tenants" / "main")
    shutil.copytree(TENANTS / "env", tmp_path / "tenants" / "env")
    tenant_file = tmp_path / "tenants" / "main" / "tenant.yaml"
    text = tenant_file.read_text().replace(
        "from: '{{ friendly_name }} <##EMAIL_FROM##>'\n    subject: 'Confirm",
        "from: '{{ user.name }} via Travel0 <##EMAIL_FROM##>'\n"
        "    subject: 'Hi {{ user.name }}, confirm", 1)
    tenant_file.write_text(text)
    app = create_app(tenant_overrides(tmp_path, TENANT_DIR=str(tmp_path / "tenants" / "main"),
                                      **mail_sink.tenant_settings()))
    yield FlaskHttp(app.test_client())
    dispose(app)


@pytest.mark.scenario("b2c.phase1.operations.email-provider")
def test_crlf_in_a_users_name_cannot_add_recipients_or_headers(chatty_tenant, mail_sink):
    web = {c["name"]: c for c in chatty_tenant.get("/_cookbook/clients").json()}["Travel0 Web"]
    evil = "Eve\r\nBcc: spy@attacker.example\r\nX-Injected: yes"
    answer = api_signup(chatty_tenant, web["client_id"], "eve@example.com", STRONG, name=evil)
    assert answer.status == 200
    sent = mail_sink.message(mail_sink.wait_for("eve@example.com", "verify_email")[0]["id"])
    names = [h["name"].lower() for h in sent["headers"]]
    assert "bcc" not in names and "x-injected" not in names
    assert sent["envelope"]["to"] == ["eve@example.com"]
    assert sent["subject"].startswith("Hi Eve Bcc: spy@attacker.example")
    assert sent["envelope"]["from"] == "no-reply@travel0.example"
    assert mail_sink.messages(to="spy@attacker.example") == []


def test_the_tenant_log_holds_no_ticket_link_or_password(http, web_id, member, mail_sink,
                                                        web_flow):
    http.get(member)
    link = reset_link_for(http, web_id, mail_sink)
    reset_password(http, link, "short")
    reset_password(http, link, NEW)
    page_signup(http, web_flow, "mia@example.com", STRONG)
    events = json.dumps(http.get("/_cookbook/logs", params={"take": 1000}).json())
    secrets = [member.split("ticket=")[1].rstrip("#"), link.split("ticket=")[1].rstrip("#")]
    for secret in [*secrets, "ticket=", STRONG, NEW, "short", "test-sink"]:
        assert secret not in events, f"{secret!r} is in the tenant log"
    assert {"ss", "sv", "scpr", "fcp", "scp", "fs"} <= {e["type"] for e in json.loads(events)}


def test_ticket_pages_do_not_leak_the_ticket(http, member):
    page = http.get(member)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page.headers["Cache-Control"]
