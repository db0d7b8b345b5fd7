"""Post-login Action overhead per login (ms, p50): the browserless login of
``bench.login_flow`` against the main tenant, with its post-login Action bound, and against
a copy of it whose ``triggers`` section is removed (no Action runs).

Run from the repository root: ``.venv/bin/python -m bench.action_overhead``. Both tenants
run under gunicorn as `cookbook up` starts them, at the same time, and the logins alternate
between them so drift on the machine affects both alike. One result line; it never fails
on speed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.login_flow import one_login
from bench.tenant import running_tenant
from scenarios.state import repo_root


def tenant_without_triggers(directory: Path) -> Path:
    """A copy of tenants/main (with tenants/env beside it) that binds no Action."""
    tenants = repo_root() / "tenants"
    shutil.copytree(tenants / "main", directory / "main")
    shutil.copytree(tenants / "env", directory / "env")
    tenant_file = directory / "main" / "tenant.yaml"
    text = tenant_file.read_text()
    tenant_file.write_text(text[:text.index("\ntriggers:\n")] + "\n")
    return directory / "main"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, \
            running_tenant() as (with_url, with_clients), \
            running_tenant(tenant_without_triggers(Path(scratch))) as (bare_url, bare_clients):
        targets = ((with_url, with_clients["Travel0 Web"]), (bare_url, bare_clients["Travel0 Web"]))
        for url, web in targets:
            one_login(url, web)  # warm up
        times: tuple[list, list] = ([], [])
        for _ in range(args.logins):
            for sample, (url, web) in zip(times, targets, strict=True):
                sample.append(one_login(url, web))
    bound, bare = (statistics.median(sample) for sample in times)
    print(f"action_overhead p50={bound - bare:.1f} ms per login (post-login Action bound "
          f"{bound:.1f} ms, no Action {bare:.1f} ms; {args.logins} logins each)")


if __name__ == "__main__":
    main()
