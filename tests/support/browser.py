"""Which Chromium the Playwright tests drive.

Playwright's own build is used when it is installed; otherwise a system Chromium
(``COOKBOOK_CHROMIUM`` or ``/usr/bin/chromium``) is launched through
``executable_path``. When neither exists the error says what to install.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Chromium's background services try to reach Google; on a closed network they only
# produce noise and refused connections.
QUIET_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

INSTALL_HINT = (
    "No Chromium for Playwright: run `python -m playwright install chromium`, or install a "
    "system Chromium (Debian/Ubuntu: `apt-get install -y chromium`), or point "
    "COOKBOOK_CHROMIUM at a Chromium binary."
)


def playwright_chromium() -> str | None:
    """Path of Playwright's bundled Chromium when it has been downloaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        path = p.chromium.executable_path
    return path if path and Path(path).exists() else None


def system_chromium() -> str | None:
    explicit = os.environ.get("COOKBOOK_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for candidate in SYSTEM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def launch_options() -> dict:
    """Extra ``browser_type.launch`` options for the Chromium this machine has."""
    args = list(QUIET_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses its sandbox as root
    if os.environ.get("COOKBOOK_CHROMIUM"):
        path = system_chromium()
        if not path:
            raise RuntimeError(f"COOKBOOK_CHROMIUM={os.environ['COOKBOOK_CHROMIUM']} does not exist")
        return {"executable_path": path, "args": args}
    if playwright_chromium():
        return {"args": args}
    path = system_chromium()
    if not path:
        raise RuntimeError(INSTALL_HINT)
    return {"executable_path": path, "args": args}
