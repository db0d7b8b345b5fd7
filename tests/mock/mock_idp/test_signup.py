"""Self sign-up through Universal Login and ``POST /dbconnections/signup``: the policy with
Auth0's messages, the Actions, the logs, and the verification email through real SMTP."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from mock_idp.models import Connection
from tests.support.accounts import DB, api_signup, page_signup
from tests.support.flows import hidden_fields
from tests.support.tenant import JANE

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.provisioning.self-sign-up")]
STRONG = "Lisbon-by-Tram-2026"
ERROR = re.compile(r'<span id="error-element-email"[^>]*>(.*?)</span>')


@pytest.fixture
def web_id(clients) -> str:
    return clients["Travel0 Web"]["client_id"]


def set_options(app, **options) -> None:
    with app.extensions["mock_idp.db"]() as db:
        connection = db.query(Connection).filter_by(name=DB).one()
        db.execute(update(Connection).where(Connection.id == connection.id)
                   .values(options={**connection.options, **options}))
        db.commit()


def test_api_signup_creates_the_user_with_profile_and_metadata(http, web_id, logs, mail_sink):
    answer = api_signup(http, web_id, "Amy@Example.com", STRONG, given_name="Amy",
                        family_name="Rocha", user_metadata={"language": "pt"})
    assert answer.status == 200, answer.text
    body = answer.json()
    assert body["email"] == "amy@example.com" and body["email_verified"] is False
    assert len(body["_id"]) == 24 and "|" not in body["_id"]
    assert (body["given_name"], body["family_name"]) == ("Amy", "Rocha")
    assert body["user_metadata"] == {"language": "pt"} and "password" not in answer.text
    assert [e["type"] for e in logs()][:1] == ["ss"]
    verify = mail_sink.wait_for("amy@example.com", "verify_email")[0]
    assert verify["subject"] == "Confirm your email address for Travel0 (dev)"


def test_weak_password_gets_auth0s_password_strength_error(http, web_id, logs):
    answer = api_signup(http, web_id, "weak@example.com", "short")
    body = answer.json()
    assert answer.status == 400
    assert (body["name"], body["code"], body["message"]) == (
        "PasswordStrengthError", "invalid_password", "Password is too weak")
    assert body["description"]["rules"][0]["format"] == [10], "the connection's min_length"
    assert body["policy"].startswith("* At least 10 characters in length")
    assert logs("fs") and not logs("ss")


@pytest.mark.parametrize(("password", "name", "message"), [
    ("Password1234!", "PasswordDictionaryError", "Password is too common"),
    ("Rosa-Mundi-2026", "PasswordNoUserInfoError", "Password contains user information"),
])
def test_dictionary_and_personal_data(http, web_id, password, name, message):
    answer = api_signup(http, web_id, "rosa@example.com", password, name="Rosa Mundi")
    assert answer.status == 400
    assert answer.json() == {"name": name, "message": message, "code": "invalid_password",
                             "description": message, "statusCode": 400}


def test_an_existing_email_gets_the_generic_invalid_signup(http, web_id, logs):
    answer = api_signup(http, web_id, JANE.upper(), STRONG)
    assert answer.status == 400
    assert answer.json() == {"name": "BadRequestError", "code": "invalid_signup",
                             "description": "Invalid sign up", "statusCode": 400}
    assert logs("fs")[0]["description"] == "The user already exists"


def test_disabled_signup_is_refused_and_the_link_hidden(tenant_app, http, web_id, web_flow):
    set_options(tenant_app, disable_signup=True)
    answer = api_signup(http, web_id, "late@example.com", STRONG)
    assert answer.status == 400 and answer.json()["description"] == "public signup is disabled"
    login_page = http.get(web_flow.authorize().location)  # the identifier prompt
    assert 'id="username"' in login_page.text and "Sign up</a>" not in login_page.text


def test_pre_registration_action_denies_with_its_message(http, web_id, logs):
    answer = api_signup(http, web_id, "someone@blocked.example", STRONG)
    assert answer.status == 400 and answer.json()["code"] == "extensibility_error"
    assert logs("fs")[0]["user_name"] == "someone@blocked.example"


@pytest.mark.parametrize(("body", "error"), [
    ({"email": "x@example.com", "password": STRONG, "connection": DB}, "bad.client_id"),
    ({"client_id": "nope", "email": "x@example.com", "password": STRONG, "connection": DB},
     "bad.client_id"),
    ({"email": "x@example.com", "password": STRONG}, "bad.connection"),
    ({"email": "x@example.com", "password": STRONG, "connection": "Nope"}, "bad.connection"),
    ({"password": STRONG, "connection": DB}, "bad.email"),
    ({"email": "x@example.com", "password": STRONG, "connection": DB,
      "user_metadata": {f"k{i}": "v" for i in range(11)}}, "bad.user_metadata"),
    ({"email": "x@example.com", "password": STRONG, "connection": DB,
      "user_metadata": {"nested": {"no": 1}}}, "bad.user_metadata"),
])
def test_parameter_problems_are_named(http, web_id, body, error):
    body = {"client_id": web_id, **body} if error != "bad.client_id" else body
    answer = http.post("/dbconnections/signup", json=body)
    assert answer.status == 400 and answer.json()["error"] == error


def test_signup_page_lists_the_rules_and_logs_the_user_in(http, web_flow, logs, mail_sink):
    weak = page_signup(http, web_flow, "page@example.com", "tooshort")
    assert weak.status == 400 and 'id="error-element-password"' in weak.text
    assert "At least 10 characters in length" in weak.text
    common = page_signup(http, web_flow, "page@example.com", "Welcome2026!")
    assert "Password is too common" in common.text
    done = page_signup(http, web_flow, "page@example.com", STRONG)
    assert done.status == 302 and "code=" in done.location
    assert [e["type"] for e in logs()][:2] == ["s", "ss"]
    assert mail_sink.wait_for("page@example.com", "verify_email")


def test_signup_page_answers_a_taken_email_like_auth0(http, web_flow):
    page = page_signup(http, web_flow, JANE, STRONG)
    assert page.status == 400
    assert ERROR.search(page.text).group(1) == "Something went wrong, please try again later"


def test_signup_form_without_the_csrf_token_is_refused(http, web_flow):
    page = http.get(web_flow.authorize(screen_hint="signup").location)
    fields = {k: v for k, v in hidden_fields(page.text).items() if k != "_csrf"}
    answer = http.post("/u/signup", data={**fields, "email": "c@example.com", "password": STRONG})
    assert answer.status == 403
