"""The database connection's password policy levels (none, low, fair, good, excellent)."""

from __future__ import annotations

import re

CHARACTER_CLASSES = {
    "lower case letters (a-z)": re.compile(r"[a-z]"),
    "upper case letters (A-Z)": re.compile(r"[A-Z]"),
    "numbers (0-9)": re.compile(r"[0-9]"),
    "special characters (e.g. !@#$%^&*)": re.compile(r"[^a-zA-Z0-9]"),
}
LEVELS = {
    # level: (minimum length, character classes required, of how many)
    "none": (1, 0),
    "low": (6, 0),
    "fair": (8, 3),   # lower, upper and numbers
    "good": (8, 3),   # three of the four classes
    "excellent": (10, 3),
}
MAX_BYTES = 72  # bcrypt ignores anything longer


def check(password: str, options: dict) -> list[str]:
    """Return what the password lacks under the connection's options (empty when it passes)."""
    level = options.get("passwordPolicy") or "good"
    min_length, classes_needed = LEVELS[level]
    min_length = max(min_length, int((options.get("password_complexity_options") or {})
                                     .get("min_length", min_length)))
    problems = []
    if len(password) < min_length:
        problems.append(f"At least {min_length} characters in length")
    if len(password.encode()) > MAX_BYTES:
        problems.append(f"At most {MAX_BYTES} bytes in length")
    present = [name for name, rx in CHARACTER_CLASSES.items() if rx.search(password)]
    if level == "fair":
        missing = [name for name in list(CHARACTER_CLASSES)[:3] if name not in present]
        problems += [f"Contains {name}" for name in missing]
    elif classes_needed and len(present) < classes_needed:
        problems.append(f"Contains at least {classes_needed} of the following 4 types of characters: "
                        + ", ".join(CHARACTER_CLASSES))
    if level == "excellent" and re.search(r"(.)\1\1", password):
        problems.append("No more than 2 identical characters in a row (e.g. \"aaa\" not allowed)")
    return problems
