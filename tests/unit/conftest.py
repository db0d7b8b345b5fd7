"""Shared fixtures of the unit tier."""

from __future__ import annotations

import pytest

from tests.support.tenant import copy_tenant


@pytest.fixture
def tenant_copy(tmp_path):
    """A writable copy of tenants/main and tenants/env for breaking on purpose."""
    return copy_tenant(tmp_path)
