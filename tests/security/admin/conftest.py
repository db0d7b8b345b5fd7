import pytest

from tests.support.console import console_fixture

console = pytest.fixture(scope="module")(console_fixture)
