"""Pure logic of the Management API: the Lucene parser, Auth0's metadata merge and the
token bucket."""

from __future__ import annotations

import pytest

from mock_idp.management import lucene
from mock_idp.management.lucene import STAR, And, Exists, Match, Not, Or, QueryError, Range
from mock_idp.management.ratelimit import RateLimiter
from mock_idp.management.users_service import merge_metadata

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("query", "tree"), [
    ('email:"a b@x.example"', Match("email", ("a b@x.example",), quoted=True)),
    ("email:jane*", Match("email", ("jane", STAR))),
    ("name:jane AND -blocked:true", And((Match("name", ("jane",)), Not(Match("blocked", ("true",)))))),
    ("a || b && c", Or((Match(None, ("a",)), And((Match(None, ("b",)), Match(None, ("c",))))))),
    ("a b -c", And((Or((Match(None, ("a",)), Match(None, ("b",)))), Not(Match(None, ("c",)))))),
    ("email:(x OR y)", Or((Match("email", ("x",)), Match("email", ("y",))))),
    ("_exists_:app_metadata.plan", Exists("app_metadata.plan")),
    ("_missing_:name", Not(Exists("name"))),
    ("logins_count:{1 TO *]", Range("logins_count", "1", None, False, True)),
    ("NOT (user_id:auth0\\|x)", Not(Match("user_id", ("auth0|x",)))),
])
def test_parser_builds_the_expected_tree(query, tree):
    assert lucene.parse(query) == tree


@pytest.mark.parametrize("query", ["", "(", "email:", "a:b:c", '"open', "[1 TO", "AND",
                                   "(" * 20 + "a" + ")" * 20, " OR ".join(["a"] * 100)])
def test_parser_refuses_broken_or_abusive_queries(query):
    with pytest.raises(QueryError):
        lucene.parse(query)


def test_metadata_merge_follows_auth0():
    current = {"a": 1, "b": {"x": 1, "y": 2}, "c": 3}
    assert merge_metadata(current, {"b": {"z": 9}, "c": None, "d": 4}) == {
        "a": 1, "b": {"z": 9}, "d": 4}
    assert merge_metadata(current, {}) == {}
    assert current == {"a": 1, "b": {"x": 1, "y": 2}, "c": 3}, "the stored value is not mutated"


def test_token_bucket_spends_and_refills():
    bucket = RateLimiter(capacity=2, refill=1)
    assert [bucket.take("k", 100.0).allowed for _ in range(3)] == [True, True, False]
    verdict = bucket.take("k", 100.5)
    assert not verdict.allowed and verdict.remaining == 0 and verdict.reset == 102
    assert bucket.take("k", 101.0).allowed
    assert bucket.take("other", 101.0).remaining == 1
