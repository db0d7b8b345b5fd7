"""Password reset end to end through real SMTP: the request (page and API), the reset email,
the reset page under the connection's policy, sessions and refresh tokens revoked, the
confirmation email, and Management API password-change tickets landing on the same page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.accounts import (
    DB,
    api_signup,
    heading,
    management_token,
    request_reset,
    reset_password,
)
from tests.support.flows import CodeFlow, hidden_fields, query_of
from tests.support.mail import link_in

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.profile.password-reset"),
              pytest.mark.scenario("b2b.phase1.profile.password-reset")]
ISSUER = "http://127.0.0.1:4000/"
EMAIL, OLD, NEW = "rui@example.com", "Lisbon-by-Tram-2026", "Porto-by-Boat-2027"
SENT = "We've just sent you an email to reset your password."


@pytest.fixture
def rui(http, clients) -> dict:
    """A signed-up user with an SSO session and a refresh token from the web app."""
    web = clients["Travel0 Web"]
    assert api_signup(http, web["client_id"], EMAIL, OLD).status == 200
    flow = CodeFlow(http, web["client_id"], "http://localhost:5000/callback",
                    web["client_secret"], scope="openid profile email offline_access")
    return {"flow": flow, "tokens": flow.login(EMAIL, OLD), "web": web}


def ask_by_api(http, client_id: str, email: str):
    return http.post("/dbconnections/change_password",
                     json={"client_id": client_id, "email": email, "connection": DB})


def reset_link(mail_sink) -> str:
    return link_in(mail_sink.wait_for(EMAIL, "reset_email")[0], ISSUER)


def test_reset_by_api_changes_the_password_and_signs_out_everywhere(http, rui, mail_sink, logs):
    answer = ask_by_api(http, rui["web"]["client_id"], EMAIL)
    assert (answer.status, answer.text) == (200, SENT)
    assert logs("scpr")[0]["user_name"] == EMAIL
    done = reset_password(http, reset_link(mail_sink), NEW)
    assert done.status == 200 and heading(done) == "Password changed"
    assert [e["type"] for e in logs()][:1] == ["scp"]
    refreshed = rui["flow"].refresh(rui["tokens"]["refresh_token"])
    assert refreshed.status in (400, 403) and refreshed.json()["error"] == "invalid_grant"
    silent = rui["flow"].authorize(prompt="none")
    assert query_of(silent.location)["error"] == "login_required", "the SSO session ended"
    old = rui["flow"].submit_login(rui["flow"].authorize().location, EMAIL, OLD)
    assert old.status == 400 and "Wrong email or password" in old.text
    assert "id_token" in rui["flow"].login(EMAIL, NEW)
    notice = mail_sink.wait_for(EMAIL, "password_reset")[0]
    assert notice["subject"] == "Your Travel0 (dev) password was reset"


def test_forgot_password_page_from_the_login_page(http, rui, mail_sink):
    login = rui["flow"].authorize(prompt="login")
    state = query_of(login.location)["state"]
    step = http.post("/u/login/identifier", data={**hidden_fields(http.get(login.location).text),
                                                  "username": EMAIL, "action": "default"})
    assert 'id="forgot-password-link"' in http.get(step.location).text  # the password step
    sent = request_reset(http, EMAIL, state=state)
    assert sent.status == 200 and heading(sent) == "Check your email"
    assert f"/u/login?state={state}" in sent.text, "back to the same login"
    assert reset_password(http, reset_link(mail_sink), NEW).status == 200


def test_unknown_emails_get_the_same_answer_and_no_mail(http, rui, mail_sink, logs):
    known = ask_by_api(http, rui["web"]["client_id"], EMAIL)
    unknown = ask_by_api(http, rui["web"]["client_id"], "nobody@example.com")
    assert (known.status, known.text) == (unknown.status, unknown.text)
    assert known.headers["Content-Type"] == unknown.headers["Content-Type"]
    assert mail_sink.messages(to="nobody@example.com") == []
    assert logs("fcpr")[0]["description"] == "The user does not exist"


def test_the_reset_page_enforces_the_policy_and_keeps_the_ticket(http, rui, mail_sink, logs):
    ask_by_api(http, rui["web"]["client_id"], EMAIL)
    link = reset_link(mail_sink)
    page = http.get(link)
    for element in ('id="password-reset"', 'name="password-reset"', 'id="re-enter-password"',
                    'name="re-enter-password"', 'autocomplete="new-password"', 'name="_csrf"'):
        assert element in page.text
    mismatch = reset_password(http, link, NEW, again=NEW + "x")
    assert mismatch.status == 400 and "Passwords don&#39;t match" in mismatch.text
    weak = reset_password(http, link, "short")
    assert weak.status == 400 and "At least 10 characters in length" in weak.text
    reused = reset_password(http, link, OLD)
    assert "Password has previously been used" in reused.text
    personal = reset_password(http, link, "Rui-goes-to-Porto-1")
    assert "Password contains user information" in personal.text
    assert [e["description"] for e in logs("fcp")][:3] == [
        "Password contains user information", "Password has previously been used",
        "Password is too weak"]
    assert reset_password(http, link, NEW).status == 200, "the failures did not spend the ticket"


def test_history_refuses_the_last_passwords(http, rui, mail_sink):
    for password in (NEW, "Faro-by-Train-2028"):
        ask_by_api(http, rui["web"]["client_id"], EMAIL)
        link = link_in(mail_sink.messages(to=EMAIL, template="reset_email")[0], ISSUER)
        assert reset_password(http, link, password).status == 200
    ask_by_api(http, rui["web"]["client_id"], EMAIL)
    link = link_in(mail_sink.messages(to=EMAIL, template="reset_email")[0], ISSUER)
    assert "Password has previously been used" in reset_password(http, link, OLD).text


@pytest.fixture
def mgmt(http, clients):
    token = management_token(http, clients)

    def call(method: str, path: str, **body):
        return getattr(http.client, method)(f"/api/v2{path}", json=body or None,
                                            headers={"Authorization": f"Bearer {token}"})
    return call


def test_a_management_api_ticket_lands_on_the_same_page(http, rui, mgmt, mail_sink):
    user = mgmt("get", f"/users-by-email?email={EMAIL}").get_json()[0]
    made = mgmt("post", "/tickets/password-change", user_id=user["user_id"], ttl_sec=600,
                result_url="http://localhost:5000/?reset=1", mark_email_as_verified=True)
    assert made.status_code == 201
    link = made.get_json()["ticket"]
    assert link.startswith(f"{ISSUER}u/reset-password?ticket=")
    done = reset_password(http, link, NEW)
    assert done.status == 302
    query = parse_qs(urlsplit(done.location).query)
    assert query["reset"] == ["1"] and query["success"] == ["true"]
    assert query["message"] == ["You can now login to the application with the new password."]
    assert mgmt("get", f"/users/{user['user_id']}").get_json()["email_verified"] is True
    assert mail_sink.wait_for(EMAIL, "password_reset")


def test_a_management_api_password_change_sends_change_password(rui, mgmt, mail_sink):
    user_id = mgmt("get", f"/users-by-email?email={EMAIL}").get_json()[0]["user_id"]
    reused = mgmt("patch", f"/users/{user_id}", password=OLD)
    assert reused.status_code == 400
    assert reused.get_json()["message"] == "PasswordHistoryError: Password has previously been used"
    assert mgmt("patch", f"/users/{user_id}", password=NEW).status_code == 200
    assert mail_sink.wait_for(EMAIL, "change_password")[0]["subject"] == \
        "Your Travel0 (dev) password was changed"
