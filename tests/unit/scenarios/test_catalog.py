"""Meta-tests of the scenario catalog: complete, well-formed, and every proof real."""

from __future__ import annotations

import pytest

from scenarios.catalog import load_catalog
from scenarios.cookbook import COOKBOOK_ENV, cookbook_path, parse_topics
from scenarios.proof import marker_problems, marker_uses, proof_problems
from scenarios.state import repo_root

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def root():
    return repo_root()


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def topics(root):
    path = cookbook_path(root)
    if not path.is_file():
        pytest.skip(f"COOKBOOK.md not found at {path}; set {COOKBOOK_ENV} to its folder or file")
    return parse_topics(path.read_text())


def test_catalog_ids_are_exactly_the_cookbook_ids(catalog, topics):
    catalog_ids = [s.id for s in catalog]
    cookbook_ids = [t.id for t in topics]
    assert len(cookbook_ids) == len(set(cookbook_ids)), "COOKBOOK.md repeats an id"
    missing = sorted(set(cookbook_ids) - set(catalog_ids))
    extra = sorted(set(catalog_ids) - set(cookbook_ids))
    assert not missing and not extra, f"missing from catalog: {missing}; not in COOKBOOK: {extra}"


def test_catalog_entries_sit_in_their_cookbook_section(catalog, topics):
    sections = {t.id: (t.track, t.phase, t.title) for t in topics}
    wrong = [
        s.id for s in catalog
        if s.id in sections and sections[s.id] != (s.track, s.phase, s.title)
    ]
    assert not wrong, f"track, phase or title differ from COOKBOOK.md: {wrong}"


def test_every_cookbook_table_row_was_read(topics):
    # 103 topics in 6 tables at the time of writing; a parser that skipped a table would show
    # here as a track/phase with no topics.
    assert {(t.track, t.phase) for t in topics} == {
        (track, phase) for track in ("b2c", "b2b") for phase in (1, 2, 3)
    }


def test_done_entries_name_existing_tests_that_carry_their_marker(catalog, root):
    problems = proof_problems(catalog, root)
    assert not problems, "\n".join(problems)


def test_every_scenario_marker_names_a_catalog_id(catalog, root):
    problems = marker_problems(marker_uses(root / "tests"), {s.id for s in catalog}, root)
    assert not problems, "\n".join(problems)
