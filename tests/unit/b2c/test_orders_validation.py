import pytest

from apps.b2c.orders import validate_order

pytestmark = pytest.mark.unit


def test_a_good_order_has_no_errors():
    assert validate_order({"item": "Trip to Rome", "quantity": "2"}) == {}


@pytest.mark.parametrize(("form", "field"), [
    ({"item": "", "quantity": "1"}, "item"),
    ({"item": "x" * 101, "quantity": "1"}, "item"),
    ({"item": "bad\x00", "quantity": "1"}, "item"),
    ({"item": "ok", "quantity": "0"}, "quantity"),
    ({"item": "ok", "quantity": "101"}, "quantity"),
    ({"item": "ok", "quantity": "1.5"}, "quantity"),
    ({"item": "ok", "quantity": "-1"}, "quantity"),
    ({"item": "ok", "quantity": "²"}, "quantity"),
])
def test_bad_fields_are_named(form, field):
    assert set(validate_order(form)) == {field}
