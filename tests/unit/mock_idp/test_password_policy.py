"""The connection's password policy: Auth0's strength levels with password-sheriff's texts,
the dictionary, personal data, and the error bodies of /dbconnections/signup."""

from __future__ import annotations

import pytest

from mock_idp import password_policy
from mock_idp.password_policy import evaluate, strength_rules

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.provisioning.self-sign-up")]

EXCELLENT = ('* At least 10 characters in length\n'
             '* Contain at least 3 of the following 4 types of characters:\n'
             ' * lower case letters (a-z)\n'
             ' * upper case letters (A-Z)\n'
             ' * numbers (i.e. 0-9)\n'
             ' * special characters (e.g. !@#$%^&*)\n'
             '* No more than 2 identical characters in a row (e.g., "aaa" not allowed)')
FAIR = ('* At least 8 characters in length\n'
        '* Should contain:\n'
        ' * lower case letters (a-z)\n'
        ' * upper case letters (A-Z)\n'
        ' * numbers (i.e. 0-9)')


def level(name: str, **options) -> dict:
    return {"passwordPolicy": name, **options}


def passes(password: str, options: dict, profile: dict | None = None) -> bool:
    return evaluate(password, options, profile) is None


def test_policies_are_described_as_password_sheriff_does():
    assert password_policy.describe(strength_rules("", level("excellent"))) == EXCELLENT
    assert password_policy.describe(strength_rules("", level("fair"))) == FAIR
    assert password_policy.describe(strength_rules("", level("none"))) == \
        "* At least 1 characters in length"


@pytest.mark.parametrize(("name", "weak", "strong"), [
    ("none", "", "a"),
    ("low", "abcde", "abcdef"),
    ("fair", "helloGOODBYE", "someP123"),          # fair needs lower, upper and numbers
    ("good", "hello12345", "hello!2345"),          # good: 3 of the 4 kinds
    ("excellent", "hello111HELLO", "somePas1! "),  # excellent: 10+, no "111"
])
def test_each_level_refuses_and_accepts_like_auth0(name, weak, strong):
    assert not passes(weak, level(name))
    assert passes(strong, level(name))


def test_the_missing_rules_are_listed_with_auth0s_words():
    error = evaluate("hello", level("good"))
    assert error.name == "PasswordStrengthError" and error.message == "Password is too weak"
    assert error.problems == [
        "At least 8 characters in length",
        ("Contain at least 3 of the following 4 types of characters: lower case letters (a-z), "
         "upper case letters (A-Z), numbers (i.e. 0-9), special characters (e.g. !@#$%^&*)"),
    ]
    fair = evaluate("helloworld", level("fair"))
    assert fair.problems == ["Should contain: upper case letters (A-Z), numbers (i.e. 0-9)"]
    assert evaluate("Hello12345aaa", level("excellent")).problems == [
        'No more than 2 identical characters in a row (e.g., "aaa" not allowed)']


def test_min_length_raises_the_levels_minimum_and_72_bytes_is_the_ceiling():
    options = level("low", password_complexity_options={"min_length": 12})
    assert evaluate("abcdefghijk", options).problems == ["At least 12 characters in length"]
    assert passes("abcdefghijkl", options)
    assert evaluate("Aa1!" + "é" * 40, level("good")).problems == ["Maximum password length exceeded"]


def test_signup_error_body_has_auth0s_shape():
    body = evaluate("short", level("good")).api_body()
    assert (body["name"], body["message"], body["code"], body["statusCode"]) == (
        "PasswordStrengthError", "Password is too weak", "invalid_password", 400)
    first = body["description"]["rules"][0]
    assert first == {"message": "At least %d characters in length", "format": [8],
                     "code": "lengthAtLeast", "verified": False}
    assert body["description"]["verified"] is False and body["policy"].startswith("* At least 8")
    kinds = body["description"]["rules"][1]["items"]
    assert [(i["code"], i["verified"]) for i in kinds] == [
        ("lowerCase", True), ("upperCase", False), ("numbers", False),
        ("specialCharacters", False)]


def test_dictionary_refuses_common_passwords_and_the_connections_words_case_insensitively():
    options = level("good", password_dictionary={"enable": True, "dictionary": ["Travel0Rocks!"]})
    assert evaluate("Password123!", options).name == "PasswordDictionaryError"
    assert evaluate("SUMMER2026!", options).message == "Password is too common"
    assert evaluate("travel0rocks!", options).name == "PasswordDictionaryError"
    assert passes("Lisbon-by-Tram-7", options)
    assert passes("Password123!", level("good")), "the option off: only strength counts"


PROFILE = {"email": "jane.doe@example.com", "name": "Jane", "nickname": "jd",
           "user_metadata": {"last": "Doe", "first": "Smithers"}}
NO_PERSONAL = level("good", password_no_personal_info={"enable": True})


@pytest.mark.parametrize("password", ["Xjane.doe-2026!", "My-Jane-Trip-9", "Doe-family-2026!",
                                      "Trip-with-Smithers-1"])
def test_personal_data_is_refused(password):
    error = evaluate(password, NO_PERSONAL, PROFILE)
    assert (error.name, error.message) == ("PasswordNoUserInfoError",
                                           "Password contains user information")


def test_values_shorter_than_three_characters_are_not_checked():
    assert passes("Trip-with-jd-2026!", NO_PERSONAL, PROFILE)


def test_personal_data_check_follows_the_option():
    profile = {"email": "jane@example.com"}
    assert passes("Jane-Trip-2026!", level("good"), profile)
    assert not passes("Jane-Trip-2026!", level("good", password_no_personal_info={"enable": True}),
                      profile)
