"""Management API tests: a live tenant on port 0 driven by the official auth0-python SDK."""

from tests.support.logsink import log_sink, streaming_tenant  # noqa: F401
from tests.support.management import admin_api, live_tenant, manager_api  # noqa: F401
