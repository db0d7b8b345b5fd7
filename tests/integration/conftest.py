"""Live stack for browser tests: one per session (fresh browser context per test)."""

from __future__ import annotations

import pytest

from tests.support.pages import Travel0, UniversalLogin
from tests.support.stack import start_stack
from tests.support.target import make_target


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("stack")
    running = start_stack(make_target(workdir), workdir)
    yield running
    running.stop()


@pytest.fixture
def b2c(page, stack) -> Travel0:
    return Travel0(page, stack.app_urls["b2c"])


@pytest.fixture
def rewards(page, stack) -> Travel0:
    return Travel0(page, stack.app_urls["rewards"])


@pytest.fixture
def universal_login(page, stack) -> UniversalLogin:
    return UniversalLogin(page, stack.tenant_url)
