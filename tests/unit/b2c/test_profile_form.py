import pytest
from werkzeug.datastructures import MultiDict

from apps.b2c.profile_form import (
    LANGUAGES,
    form_from_metadata,
    metadata_patch,
    read_form,
    validate_profile,
)

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.profile.metadata")]


def test_only_the_editable_keys_are_read():
    form = read_form(MultiDict({"display_name": "  Jane  ", "marketing_consent": "yes",
                                "preferred_language": "fr", "app_metadata": "{}",
                                "user_id": "auth0|other"}))
    assert form == {"display_name": "Jane", "marketing_consent": True,
                    "preferred_language": "fr"}


@pytest.mark.parametrize("value", [None, "", "on", "true", "YES"])
def test_only_the_checkbox_value_means_consent(value):
    data = {} if value is None else {"marketing_consent": value}
    assert read_form(MultiDict(data))["marketing_consent"] is False


def test_a_good_form_has_no_errors():
    for language in ["", *LANGUAGES]:
        assert validate_profile({"display_name": "Jane", "marketing_consent": False,
                                 "preferred_language": language}) == {}
    assert validate_profile({"display_name": "x" * 50, "marketing_consent": True,
                             "preferred_language": "en"}) == {}


@pytest.mark.parametrize(("changes", "field"), [
    ({"display_name": "x" * 51}, "display_name"),
    ({"display_name": "tab\there"}, "display_name"),
    ({"display_name": "nul\x00"}, "display_name"),
    ({"preferred_language": "xx"}, "preferred_language"),
    ({"preferred_language": "EN"}, "preferred_language"),
])
def test_bad_values_are_reported_per_field(changes, field):
    form = {"display_name": "Jane", "marketing_consent": False, "preferred_language": "en",
            **changes}
    assert set(validate_profile(form)) == {field}


def test_empty_fields_delete_their_keys():
    assert metadata_patch({"display_name": "", "marketing_consent": False,
                           "preferred_language": ""}) == {
        "display_name": None, "marketing_consent": False, "preferred_language": None}


def test_initial_values_ignore_unexpected_metadata():
    assert form_from_metadata({}) == {"display_name": "", "marketing_consent": False,
                                      "preferred_language": ""}
    assert form_from_metadata({"display_name": 42, "marketing_consent": "yes",
                               "preferred_language": "tlh"}) == {
        "display_name": "", "marketing_consent": False, "preferred_language": ""}
    assert form_from_metadata({"display_name": "J", "marketing_consent": True,
                               "preferred_language": "de"})["preferred_language"] == "de"
