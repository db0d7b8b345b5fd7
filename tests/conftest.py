"""Suite-wide pytest wiring: browser selection, shared fixtures and the scenario marker."""

from __future__ import annotations

import os

import pytest

from tests.support.browser import launch_options

pytest_plugins = ["tests.support.fixtures"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch whichever Chromium exists here (Playwright's or the system's)."""
    return {**browser_type_launch_args, **launch_options()}


def pytest_configure(config):
    # qa and prod read the legacy API's shared secret from the environment, as a pipeline
    # would provide it (tenants/env/{qa,prod}.json: {"fromEnv": "LEGACY_API_SECRET"}).
    os.environ.setdefault("LEGACY_API_SECRET", "test-only-legacy-api-secret")
    # Likewise the email provider's SMTP password ({"fromEnv": "TRAVEL0_SMTP_PASSWORD"}).
    os.environ.setdefault("TRAVEL0_SMTP_PASSWORD", "test-only-smtp-password")
    # And the log stream's bearer secret ({"fromEnv": "LOGSINK_SECRET"}).
    os.environ.setdefault("LOGSINK_SECRET", "test-only-log-sink-secret")
