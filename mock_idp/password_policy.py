"""A database connection's password policy, with Auth0's rule texts and error shapes.

Strength levels come from auth0/password-sheriff (none, low, fair, good, excellent); the
options ``password_dictionary`` (a shipped list of common passwords plus the connection's
``dictionary``, compared case-insensitively) and ``password_no_personal_info`` (name,
username, nickname, ``user_metadata.name|first|last`` and the email's local part) follow
Auth0's password options. History needs the database: see ``password_history``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SPECIAL = re.compile(r"[ !\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]")
CHARSETS = (  # (code, message, test) in password-sheriff's order
    ("lowerCase", "lower case letters (a-z)", re.compile(r"[a-z]")),
    ("upperCase", "upper case letters (A-Z)", re.compile(r"[A-Z]")),
    ("numbers", "numbers (i.e. 0-9)", re.compile(r"\d")),
    ("specialCharacters", "special characters (e.g. !@#$%^&*)", SPECIAL),
)
LEVELS = {  # minimum length, character sets needed (3 of 4 or all of the first 3), identical
    "none": (1, None, None), "low": (6, None, None), "fair": (8, "all3", None),
    "good": (8, "3of4", None), "excellent": (10, "3of4", 2),
}
MAX_BYTES = 72  # bcrypt ignores anything longer
MIN_PERSONAL = 3  # shorter profile values (e.g. nickname "jo") would refuse nearly everything
DICTIONARY_FILE = Path(__file__).with_name("data") / "common-passwords.txt"


@dataclass
class PolicyError:
    """The first part of the policy a password breaks, as Auth0 reports it."""

    name: str  # PasswordStrengthError | PasswordDictionaryError | PasswordNoUserInfoError | ...
    message: str  # Auth0's wording, e.g. "Password is too weak"
    problems: list[str] = field(default_factory=list)  # lines a page shows
    rules: list[dict] | None = None  # password-sheriff's ``missing()`` rules (strength only)
    policy: str | None = None  # the policy described, one rule a line

    def api_body(self) -> dict:
        """The 400 body of ``/dbconnections/signup``."""
        description = ({"rules": self.rules, "verified": False} if self.rules is not None
                       else self.message)
        body = {"name": self.name, "message": self.message, "code": "invalid_password",
                "description": description, "statusCode": 400}
        if self.policy:
            body["policy"] = self.policy
        return body


def _format(rule: dict) -> str:
    return rule["message"].replace("%d", "{}").replace("%s", "{}").format(*rule.get("format", []))


def _items(password: str, charsets) -> list[dict]:
    return [{"message": message, "code": code, "verified": bool(test.search(password))}
            for code, message, test in charsets]


def strength_rules(password: str, options: dict) -> list[dict]:
    """Every rule of the connection's level, each with ``verified``."""
    minimum, sets, identical = LEVELS[options.get("passwordPolicy") or "good"]
    custom = (options.get("password_complexity_options") or {}).get("min_length")
    minimum = max(minimum, int(custom)) if custom else minimum
    rules = [{"message": "At least %d characters in length", "format": [minimum],
              "code": "lengthAtLeast", "verified": len(password) >= minimum}]
    if sets == "all3":
        items = _items(password, CHARSETS[:3])
        rules.append({"message": "Should contain:", "code": "shouldContain", "items": items,
                      "verified": all(i["verified"] for i in items)})
    elif sets == "3of4":
        items = _items(password, CHARSETS)
        rules.append({"message": "Contain at least %d of the following %d types of characters:",
                      "code": "containsAtLeast", "format": [3, 4], "items": items,
                      "verified": sum(i["verified"] for i in items) >= 3})
    if identical:
        rules.append({"message": 'No more than %d identical characters in a row (e.g., "%s" not '
                      'allowed)', "code": "identicalChars", "format": [identical, "aaa"],
                      "verified": not re.search(rf"(.)\1{{{identical}}}", password)})
    rules.append({"message": "Maximum password length exceeded", "code": "maxLength",
                  "format": [MAX_BYTES], "verified": len(password.encode()) <= MAX_BYTES})
    return rules


def describe(rules: list[dict]) -> str:
    """The policy as password-sheriff's ``toString`` writes it."""
    lines = []
    for rule in rules:
        if rule["code"] == "maxLength":
            continue
        lines.append(f"* {_format(rule)}")
        lines += [f" * {item['message']}" for item in rule.get("items", [])]
    return "\n".join(lines)


def _problem_lines(rules: list[dict]) -> list[str]:
    lines = []
    for rule in rules:
        if rule["verified"]:
            continue
        text = _format(rule)
        if rule["code"] == "containsAtLeast":  # any 3 will do: name them all
            text += " " + ", ".join(item["message"] for item in rule["items"])
        elif rule.get("items"):  # all are needed: name the missing ones
            text += " " + ", ".join(i["message"] for i in rule["items"] if not i["verified"])
        lines.append(text)
    return lines


@lru_cache(maxsize=1)
def shipped_dictionary() -> frozenset[str]:
    words = DICTIONARY_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in words if w.strip() and not w.startswith("#"))


def in_dictionary(password: str, options: dict) -> bool:
    settings = options.get("password_dictionary") or {}
    if not settings.get("enable"):
        return False
    extra = {str(word).strip().lower() for word in settings.get("dictionary") or []}
    return password.lower() in shipped_dictionary() | extra


def personal_values(profile: dict) -> list[str]:
    """The profile values a password may not contain."""
    metadata = profile.get("user_metadata") or {}
    email = profile.get("email") or ""
    values = [profile.get(key) for key in ("name", "username", "nickname")]
    values += [metadata.get(key) for key in ("name", "first", "last")]
    values.append(email.split("@", 1)[0] if "@" in email else None)
    return [v.strip().lower() for v in values if isinstance(v, str) and len(v.strip()) >= MIN_PERSONAL]


def has_personal_info(password: str, options: dict, profile: dict | None) -> bool:
    if not profile or not (options.get("password_no_personal_info") or {}).get("enable"):
        return False
    lowered = password.lower()
    return any(value in lowered for value in personal_values(profile))


def evaluate(password: str, options: dict, profile: dict | None = None) -> PolicyError | None:
    """The first broken part (strength, then dictionary, then personal data), or None."""
    rules = strength_rules(password or "", options or {})
    if not all(rule["verified"] for rule in rules):
        return PolicyError("PasswordStrengthError", "Password is too weak",
                           _problem_lines(rules), rules, describe(rules))
    if in_dictionary(password, options or {}):
        return PolicyError("PasswordDictionaryError", "Password is too common",
                           ["Password is too common"])
    if has_personal_info(password, options or {}, profile):
        return PolicyError("PasswordNoUserInfoError", "Password contains user information",
                           ["Password contains user information"])
    return None


def check(password: str, options: dict, profile: dict | None = None) -> list[str]:
    """What the password lacks, as lines for a page (empty when it passes)."""
    error = evaluate(password, options, profile)
    return error.problems if error else []
