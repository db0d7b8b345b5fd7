"""Forms that edit chosen metadata keys (a user's ``user_metadata``, an organization's
``metadata``) through the app's back end, shared by every app that has such a page.

A :class:`MetadataForm` lists the keys a person may edit and how each is checked; only those
keys are ever read from a posted form or sent to the tenant, so a forged field (``tier``,
``app_metadata``, another user's id) is never read. An empty field means "remove this key":
the patch carries ``None`` for it, which Auth0 turns into a deletion for users and which
:func:`merged_metadata` applies itself for organizations.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

LANGUAGES = {"en": "English", "fr": "Français", "de": "Deutsch", "es": "Español",
             "it": "Italiano", "nl": "Nederlands"}
CHECKED = "yes"  # a ticked checkbox's value


@dataclass(frozen=True)
class Field:
    """One editable key: ``kind`` is text, email, tel, choice (from ``choices``) or flag."""

    key: str
    label: str
    kind: str = "text"
    max_length: int = 50
    choices: dict[str, str] = field(default_factory=dict)
    hint: str = ""

    def read(self, posted) -> str | bool:
        if self.kind == "flag":
            return posted.get(self.key) == CHECKED
        return posted.get(self.key, "").strip()

    def initial(self, metadata: dict) -> str | bool:
        """The form's value from stored metadata; anything of an unexpected shape is dropped."""
        value = metadata.get(self.key)
        if self.kind == "flag":
            return value is True
        if not isinstance(value, str):
            return ""
        return value if self.kind != "choice" or value in self.choices else ""

    def error(self, value) -> str | None:
        """What is wrong with a read value, or None."""
        if self.kind == "flag" or value == "":
            return None
        if self.kind == "choice":
            return None if value in self.choices else "Choose one of the listed options."
        if len(value) > self.max_length or not value.isprintable():
            return (f"Use at most {self.max_length} characters, without line breaks or "
                    "control characters.")
        if self.kind == "email" and not EMAIL.fullmatch(value):
            return "Enter an email address such as billing@agency.example."
        if self.kind == "tel" and not PHONE.fullmatch(value):
            return "Enter a phone number of digits, spaces and + ( ) - only."
        return None


# Loose on purpose: a plausible address or number, not a verified one.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9(][0-9 ()./-]{4,28}[0-9]")


class MetadataForm:
    """The editable keys of one metadata form, in display order."""

    def __init__(self, *fields: Field):
        self.fields = fields
        self.keys = tuple(item.key for item in fields)

    def read(self, posted) -> dict:
        """The editable fields from a posted form; every other posted field is ignored."""
        return {item.key: item.read(posted) for item in self.fields}

    def initial(self, metadata: dict) -> dict:
        return {item.key: item.initial(metadata) for item in self.fields}

    def validate(self, values: dict) -> dict:
        """Field errors by key (empty when the values are fine to send)."""
        errors = {item.key: item.error(values[item.key]) for item in self.fields}
        return {key: message for key, message in errors.items() if message}

    def patch(self, values: dict) -> dict:
        """Exactly the form's keys; an empty text field becomes ``None`` (remove the key)."""
        return {item.key: values[item.key] if item.kind == "flag" else values[item.key] or None
                for item in self.fields}


DISPLAY_NAME = Field("display_name", "Display name",
                     hint="Up to 50 characters. Leave it empty to remove it.")
PREFERRED_LANGUAGE = Field("preferred_language", "Preferred language", kind="choice",
                           choices=LANGUAGES)


def merged_metadata(current: dict, patch: dict) -> dict:
    """``current`` with ``patch`` applied as Auth0 merges user metadata: top-level keys
    replaced, ``None`` removes a key, keys the patch does not name are kept."""
    return {key: value for key, value in {**current, **patch}.items() if value is not None}


def rows(mapping: dict) -> list[tuple[str, str]]:
    """``(key, shown value)`` pairs sorted by key, for read-only tables (JSON for non-strings)."""
    return [(key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
            for key, value in sorted(mapping.items())]
