"""Median time of a full browserless code-flow login: /authorize → identifier page → email
POST → password page → password POST → /oauth/token (the tenant asks for the email first),
each login in a new cookie jar (no SSO shortcut).

Run from the repository root: ``.venv/bin/python -m bench.login_flow``. The demo users'
imported hashes are bcrypt cost 10, so password checking is part of the figure, as it is
for a real login. The tenant runs under gunicorn as `cookbook up` starts it. One result line; it never fails on speed.
"""

from __future__ import annotations

import argparse
import statistics
import time

import requests

from bench.tenant import running_tenant
from tests.support.flows import CodeFlow, RequestsHttp
from tests.support.tenant import JANE, demo_password


def one_login(url: str, web: dict) -> float:
    flow = CodeFlow(RequestsHttp(url, requests.Session()), web["client_id"],
                    "http://localhost:5000/callback", web["client_secret"])
    began = time.perf_counter()
    tokens = flow.login(JANE, demo_password(JANE), audience="https://api.cookbook.local/")
    elapsed = time.perf_counter() - began
    if "id_token" not in tokens:
        raise RuntimeError("login did not return an ID token")
    return elapsed * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=60)
    args = parser.parse_args()
    with running_tenant() as (url, clients):
        web = clients["Travel0 Web"]
        one_login(url, web)  # warm up
        times = sorted(one_login(url, web) for _ in range(args.logins))
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"login_flow p50={statistics.median(times):.1f} ms p90={p90:.1f} ms "
          f"over {args.logins} logins (authorize, email step, password step, token)")


if __name__ == "__main__":
    main()
