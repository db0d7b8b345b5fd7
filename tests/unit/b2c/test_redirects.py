import pytest

from apps.common.redirects import is_safe_next, safe_next

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value", ["/", "/orders", "/profile?tab=claims", "/a/b#frag",
                                   "/search?q=//x"])
def test_relative_paths_are_safe(value):
    assert is_safe_next(value)


@pytest.mark.parametrize("value", [
    None, "", "orders", "//evil.example", "///evil.example", "/\\evil.example",
    "\\\\evil.example", "https://evil.example/", "http:evil.example", "javascript:alert(1)",
    "/\tevil", "/ok\nSet-Cookie: x=1", "/ok\x00", "/ok\x7f", " /orders", "/" + "a" * 3000,
])
def test_everything_else_is_not(value):
    assert not is_safe_next(value)
    assert safe_next(value) == "/"
