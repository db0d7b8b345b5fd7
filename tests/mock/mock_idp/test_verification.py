"""Email verification: the verify_email through real SMTP, the ticket page, its expiry and
single use, Management API tickets and jobs, and the welcome email Auth0 sends afterwards."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support.accounts import api_signup, heading, management_token
from tests.support.mail import link_in
from tests.support.tenant import JANE

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.profile.account-verification"),
              pytest.mark.scenario("b2b.phase1.profile.account-verification")]
ISSUER = "http://127.0.0.1:4000/"
STRONG = "Lisbon-by-Tram-2026"


@pytest.fixture
def signed_up(http, clients, mail_sink) -> str:
    """A new user's verification link, read from the sink."""
    answer = api_signup(http, clients["Travel0 Web"]["client_id"], "vera@example.com", STRONG)
    assert answer.status == 200, answer.text
    return link_in(mail_sink.wait_for("vera@example.com", "verify_email")[0], ISSUER)


def id_token_claims(http, web_flow, email: str, password: str) -> dict:
    keys = KeySet.import_key_set(http.get("/.well-known/jwks.json").json())
    return jwt.decode(web_flow.login(email, password, prompt="login")["id_token"], keys,
                      algorithms=["RS256"]).claims


@pytest.mark.scenario("b2c.phase1.operations.email-provider")
@pytest.mark.scenario("b2b.phase1.operations.email-provider")
def test_the_link_verifies_the_email_and_the_next_login_says_so(http, web_flow, signed_up, logs,
                                                               mail_sink):
    assert id_token_claims(http, web_flow, "vera@example.com", STRONG)["email_verified"] is False
    page = http.get(signed_up)
    assert page.status == 200 and heading(page) == "Email verified"
    assert "Your email was verified. You can continue using the application." in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert logs("sv")[0]["user_name"] == "vera@example.com"
    assert id_token_claims(http, web_flow, "vera@example.com", STRONG)["email_verified"] is True
    welcome = mail_sink.wait_for("vera@example.com", "welcome_email")[0]
    assert welcome["subject"] == "Welcome to Travel0 (dev)"
    sent = mail_sink.message(welcome["id"])
    assert sent["auth_user"] == "travel0-test", "the provider's SMTP login was used"
    assert sent["envelope"]["to"] == ["vera@example.com"]


def test_a_used_link_fails_with_a_clear_page(http, signed_up, logs):
    assert http.get(signed_up).status == 200
    again = http.get(signed_up)
    assert again.status == 400 and heading(again) == "This link was already used"
    assert "This URL can be used only once" in again.text
    assert logs("fv")[0]["description"] == "This URL can be used only once"


def test_an_expired_link_fails_and_changes_nothing(http, signed_up, logs, tenant_app):
    http.post("/_cookbook/clock", json={"advance": 432001})  # verify_email: 5 days
    expired = http.get(signed_up)
    assert expired.status == 400 and heading(expired) == "This link has expired"
    assert logs("fv")[0]["description"] == "Access expired."
    assert not logs("sv")


def test_a_made_up_ticket_is_refused(http):
    page = http.get("/u/email-verification", params={"ticket": "not-a-ticket"})
    assert page.status == 400 and heading(page) == "This link is not valid"


@pytest.fixture
def mgmt(http, clients):
    token = management_token(http, clients)

    def call(method: str, path: str, **body):
        return getattr(http.client, method)(f"/api/v2{path}", json=body or None,
                                            headers={"Authorization": f"Bearer {token}"})
    return call


def user_id(mgmt, email: str) -> str:
    return mgmt("get", f"/users-by-email?email={email}").get_json()[0]["user_id"]


def test_a_ticket_with_result_url_redirects_with_auth0s_parameters(http, clients, mgmt, signed_up):
    made = mgmt("post", "/tickets/email-verification", user_id=user_id(mgmt, "vera@example.com"),
                result_url="http://localhost:5000/verified?from=email", includeEmailInRedirect=True)
    assert made.status_code == 201
    answer = http.get(made.get_json()["ticket"])
    assert answer.status == 302
    target = urlsplit(answer.location)
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == "http://localhost:5000/verified"
    assert query["from"] == ["email"] and query["success"] == ["true"]
    assert query["email"] == ["vera@example.com"]
    assert query["message"] == ["Your email was verified. You can continue using the application."]
    spent = http.get(made.get_json()["ticket"])
    assert parse_qs(urlsplit(spent.location).query)["success"] == ["false"]


def test_the_verification_email_job_sends_verify_email_over_smtp(mgmt, mail_sink, http):
    jane = user_id(mgmt, JANE)
    job = mgmt("post", "/jobs/verification-email", user_id=jane,
               client_id=mgmt("get", "/clients").get_json()[0]["client_id"])
    assert job.status_code == 201
    message = mail_sink.wait_for(JANE, "verify_email")[0]
    assert message["template"] == "verify_email"
    page = http.get(link_in(message, ISSUER))
    assert heading(page) == "Your email is already verified", "Jane's email was verified before"


def test_the_outbox_json_reads_the_sink(http, signed_up):
    mail = http.get("/_cookbook/outbox", params={"to": "vera@example.com"}).json()
    assert [m["template"] for m in mail] == ["verify_email"]
    assert mail[0]["data"]["url"] == signed_up and mail[0]["from"].endswith(
        "<no-reply@travel0.example>")
