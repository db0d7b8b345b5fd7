"""Suite-wide pytest wiring: browser selection, shared fixtures and the scenario marker."""

from __future__ import annotations

import pytest

from tests.support.browser import launch_options

pytest_plugins = ["tests.support.fixtures"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch whichever Chromium exists here (Playwright's or the system's)."""
    return {**browser_type_launch_args, **launch_options()}
