"""pytest plugin: write each collected test's scenario marker ids to a JSON file.

Loaded with ``-p scenarios.collect_plugin`` by the catalog meta-test; the output path comes
from ``COOKBOOK_COLLECT_OUT``. Without that variable the plugin does nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

OUTPUT_ENV = "COOKBOOK_COLLECT_OUT"


def pytest_collection_finish(session) -> None:
    """Record ``{node id: [scenario ids]}`` for every collected item."""
    target = os.environ.get(OUTPUT_ENV)
    if not target:
        return
    items = {
        item.nodeid: [str(arg) for mark in item.iter_markers("scenario") for arg in mark.args]
        for item in session.items
    }
    Path(target).write_text(json.dumps(items, indent=1))
