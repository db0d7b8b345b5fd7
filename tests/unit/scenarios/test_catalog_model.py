"""Catalog validation, filtering, the table, and the COOKBOOK.md table reader."""

from __future__ import annotations

import pytest

from scenarios.catalog import CatalogError, format_table, load_catalog, parse_catalog, select
from scenarios.cookbook import parse_topics

pytestmark = pytest.mark.unit

ENTRY = {
    "id": "b2b.phase2.authorization.m2m",
    "track": "b2b",
    "phase": 2,
    "workstream": "authorization",
    "title": "Machine-to-machine",
    "explanation": "Client credentials.",
    "status": "planned",
    "demonstrated_in": [],
    "tests": [],
}


def test_the_committed_catalog_loads_and_starts_planned():
    scenarios = load_catalog()
    assert len(scenarios) > 100
    assert {s.track for s in scenarios} == {"b2c", "b2b"}
    assert all(s.explanation.strip() and s.title.strip() for s in scenarios)


def test_a_valid_entry_becomes_a_scenario():
    (scenario,) = parse_catalog({"scenarios": [ENTRY]})
    assert (scenario.id, scenario.phase, scenario.tests) == (ENTRY["id"], 2, ())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phase": 3}, "disagree with the id"),
        ({"id": "b2b.phase4.authorization.m2m"}, "is not <track>.phase<N>"),
        ({"status": "finished"}, "status must be one of"),
        ({"title": " "}, "title must be a non-empty string"),
        ({"tests": "tests/x.py::test_a"}, "tests must be a list of strings"),
        ({"tests": ["test_a"]}, "is not a pytest node id"),
        ({"owner": "me"}, "unknown field owner"),
    ],
)
def test_invalid_entries_are_reported(change, message):
    with pytest.raises(CatalogError, match=message):
        parse_catalog({"scenarios": [{**ENTRY, **change}]})


def test_missing_fields_and_duplicates_are_reported():
    partial = {key: value for key, value in ENTRY.items() if key != "explanation"}
    with pytest.raises(CatalogError) as raised:
        parse_catalog({"scenarios": [ENTRY, ENTRY, partial]})
    assert "missing explanation" in str(raised.value)
    assert f"duplicate id {ENTRY['id']!r}" in str(raised.value)


def test_select_and_table():
    scenarios = load_catalog()
    b2b = select(scenarios, track="b2b", status="planned")
    assert b2b and all(s.track == "b2b" for s in b2b)
    assert select(scenarios, status="done") == [s for s in scenarios if s.status == "done"]
    table = format_table(b2b[:2]).splitlines()
    assert table[0].split() == ["ID", "STATUS", "TITLE"]
    assert table[1].startswith(b2b[0].id) and table[1].endswith(b2b[0].title)
    assert table[-1] == "2 scenarios (2 planned)"


def test_cookbook_tables_are_read_row_by_row():
    text = (
        "## B2C (CIAM)\n\n### Phase 2 — x\n| id | topic | mechanism |\n|---|---|---|\n"
        "| b2c.phase2.a.b | Topic B | how `x` \\| y |\n| b2c.phase2.a.c | Topic C | z |\n\n"
        "## B2B\n\n### Phase 1\n| id | topic | mechanism |\n|---|---|---|\n"
        "| b2b.phase1.a.b | Topic | as B2C |\n"
    )
    with pytest.raises(ValueError, match="without 3 cells"):
        parse_topics(text)
    topics = parse_topics(text.replace(" \\| y", ""))
    assert [(t.id, t.track, t.phase, t.title) for t in topics] == [
        ("b2c.phase2.a.b", "b2c", 2, "Topic B"),
        ("b2c.phase2.a.c", "b2c", 2, "Topic C"),
        ("b2b.phase1.a.b", "b2b", 1, "Topic"),
    ]
