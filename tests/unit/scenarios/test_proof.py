"""The machinery behind the catalog meta-test, run on a tiny suite of its own."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from scenarios.catalog import Scenario
from scenarios.proof import marker_problems, marker_uses, proof_problems

pytestmark = pytest.mark.unit

SUITE = '''
import pytest
from pytest import mark

@pytest.mark.scenario("b2c.phase1.qa.unit-testing")
def test_proved():
    pass

def test_unmarked():
    pass

@pytest.mark.parametrize("case", ["a", "b"])
@mark.scenario("b2c.phase1.qa.mock-testing", "b2b.phase1.qa.mock-testing")
def test_cases(case):
    pass

class TestGroup:
    pytestmark = pytest.mark.scenario("b2c.phase1.qa.integration-testing")

    def test_member(self):
        pass

ID = "b2c.phase1.logout.logout"

@pytest.mark.scenario(ID)
def test_id_in_a_constant():
    pass

@pytest.mark.scenario("b2c.phase9.nowhere.nothing")
def test_unknown_id():
    pass
'''

IMPORTING = '''
import pytest

from ids import IMPORTED, LOST

@pytest.mark.scenario(IMPORTED)
def test_imported_id():
    pass

@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.scenario(LOST, "b2c.phase1.logout.logout")
def test_lost_id(n):
    pass
'''

PLAN = Scenario(
    id="b2c.phase1.qa.unit-testing", track="b2c", phase=1, workstream="qa", title="t",
    explanation="e", status="done", demonstrated_in=(), tests=(),
)


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    root = tmp_path_factory.mktemp("suite")
    (root / "pytest.ini").write_text("[pytest]\nmarkers =\n    scenario(id): proves a topic\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_topics.py").write_text(textwrap.dedent(SUITE))
    (root / "tests" / "test_imported.py").write_text(textwrap.dedent(IMPORTING))
    (root / "tests" / "ids.py").write_text(
        'IMPORTED = "b2c.phase1.logout.logout"\nLOST = "b2c.phase9.lost.id"\n'
    )
    return root


def done(scenario_id: str, *tests: str) -> Scenario:
    return replace(PLAN, id=scenario_id, tests=tests)


def test_existing_marked_tests_prove_their_scenario(suite):
    scenarios = [
        done("b2c.phase1.qa.unit-testing", "tests/test_topics.py::test_proved"),
        done("b2c.phase1.qa.mock-testing", "tests/test_topics.py::test_cases"),
        done("b2b.phase1.qa.mock-testing", "tests/test_topics.py::test_cases[b]"),
        done("b2c.phase1.qa.integration-testing", "tests/test_topics.py::TestGroup::test_member"),
        replace(PLAN, id="b2c.phase1.logout.logout", status="planned"),
    ]
    assert proof_problems(scenarios, suite) == []


def test_broken_proofs_are_each_reported(suite):
    scenarios = [
        done("b2c.phase1.qa.unit-testing"),
        done("b2c.phase1.qa.mock-testing", "tests/test_topics.py::test_unmarked"),
        done("b2c.phase1.logout.logout", "tests/test_topics.py::test_gone"),
        done("b2c.phase1.profile.metadata", "tests/test_missing.py::test_x"),
        done("b2c.phase1.profile.blocked-users", "tests/test_topics.py::test_cases[a]"),
    ]
    problems = proof_problems(scenarios, suite)
    assert problems == [
        "b2c.phase1.qa.unit-testing: status done but no proving test listed",
        "b2c.phase1.profile.metadata: tests/test_missing.py::test_x: no such file",
        "b2c.phase1.logout.logout: tests/test_topics.py::test_gone: pytest collects no such test",
        (
            "b2c.phase1.profile.blocked-users: tests/test_topics.py::test_cases[a] lacks "
            "@pytest.mark.scenario('b2c.phase1.profile.blocked-users')"
        ),
        (
            "b2c.phase1.qa.mock-testing: tests/test_topics.py::test_unmarked lacks "
            "@pytest.mark.scenario('b2c.phase1.qa.mock-testing')"
        ),
    ]


def test_markers_are_found_in_source_and_checked_against_the_catalog(suite):
    uses = marker_uses(suite / "tests")
    assert len(uses) == 7
    known = {
        "b2c.phase1.qa.unit-testing", "b2c.phase1.qa.mock-testing", "b2b.phase1.qa.mock-testing",
        "b2c.phase1.qa.integration-testing", "b2c.phase1.logout.logout",
    }
    problems = marker_problems(uses, known, suite)
    assert problems == [
        # Spelled out in the source (a literal or a module constant): found without importing.
        "tests/test_topics.py:29: unknown scenario id 'b2c.phase9.nowhere.nothing'",
        # Imported from elsewhere: found by collecting that file.
        "tests/test_imported.py::test_lost_id: unknown scenario id 'b2c.phase9.lost.id'",
    ]
