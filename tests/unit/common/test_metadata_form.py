import pytest
from werkzeug.datastructures import MultiDict

from apps.b2b.account import DETAILS
from apps.b2b.settings import AGENCY
from apps.common.metadata_form import merged_metadata, rows

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2b.phase1.profile.metadata")]


def test_only_declared_keys_are_read_and_empty_ones_are_removed():
    values = AGENCY.read(MultiDict({"invoice_email": " billing@sunrise.example ", "tier": "x",
                                    "default_currency": "EUR"}))
    assert values == {"invoice_email": "billing@sunrise.example", "preferred_airline": "",
                      "default_currency": "EUR"}
    assert AGENCY.patch(values) == {"invoice_email": "billing@sunrise.example",
                                    "preferred_airline": None, "default_currency": "EUR"}


@pytest.mark.parametrize(("key", "value", "ok"), [
    ("invoice_email", "billing@sunrise.example", True),
    ("invoice_email", "billing@sunrise", False),
    ("invoice_email", "two@at@x.example", False),
    ("default_currency", "EUR", True),
    ("default_currency", "eur", False),
    ("preferred_airline", "A" * 80, True),
    ("preferred_airline", "A" * 81, False),
    ("preferred_airline", "Tab\there", False),
])
def test_agency_values_are_checked(key, value, ok):
    values = {**AGENCY.initial({}), key: value}
    assert (AGENCY.validate(values) == {}) is ok


@pytest.mark.parametrize(("phone", "ok"), [
    ("+41 44 123 45 67", True), ("(555) 010-0199", True), ("", True),
    ("12", False), ("call me", False), ("+41 44 123 45 67 ext. 9", False), ("1" * 31, False),
])
def test_phone_numbers_are_plausible_or_refused(phone, ok):
    values = {**DETAILS.initial({}), "phone": phone}
    assert ("phone" not in DETAILS.validate(values)) is ok


def test_merging_keeps_unnamed_keys_and_null_removes():
    current = {"tier": "gold", "region": "emea", "preferred_airline": "Old Air"}
    assert merged_metadata(current, {"preferred_airline": None, "invoice_email": "a@b.example"}) \
        == {"tier": "gold", "region": "emea", "invoice_email": "a@b.example"}
    assert current["preferred_airline"] == "Old Air", "the input is not changed"


def test_rows_are_sorted_and_non_strings_shown_as_json():
    assert rows({"b": "x", "a": {"n": [1, "é"]}}) == [("a", '{"n": [1, "é"]}'), ("b", "x")]
