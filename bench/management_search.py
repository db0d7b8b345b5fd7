"""Median time of ``GET /api/v2/users?q=…`` on a tenant holding 10 000 users.

Run from the repository root: ``.venv/bin/python -m bench.management_search``. The users go in
through ``POST /api/v2/jobs/users-imports`` (1000 per file, as a real migration would chunk
them); the searches run in-process through the Flask test client with ``include_totals``, so
the figure is the tenant's own work (parse, SQL, count, JSON) without network. One line.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import tempfile
import time

from mock_idp import create_app
from mock_idp.db import dispose

QUERIES = {
    "email exact": 'email:"user5123@bench.example"',
    "email wildcard": "email:user51*",
    "app_metadata": "app_metadata.plan:gold",
    "AND": "app_metadata.plan:gold AND email:user5*",
}
PLANS = ("gold", "silver", "bronze", "free")


def records(start: int, count: int) -> bytes:
    return json.dumps([{"email": f"user{i}@bench.example", "email_verified": True,
                        "name": f"Bench User {i}", "app_metadata": {"plan": PLANS[i % 4]},
                        "user_metadata": {"city": "Paris" if i % 7 == 0 else "Lyon"}}
                       for i in range(start, start + count)]).encode()


def import_users(client, auth: dict, total: int, chunk: int = 1000) -> None:
    connection_id = client.get("/api/v2/connections", headers=auth).json[0]["id"]
    for start in range(0, total, chunk):
        job = client.post("/api/v2/jobs/users-imports", headers=auth, data={
            "connection_id": connection_id, "send_completion_email": "false",
            "users": (io.BytesIO(records(start, chunk)), "users.json")}).json
        deadline = time.monotonic() + 120
        while client.get(f"/api/v2/jobs/{job['id']}", headers=auth).json["status"] != "completed":
            if time.monotonic() > deadline:
                raise RuntimeError(f"import job {job['id']} did not finish")


def median_ms(client, auth: dict, query: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get("/api/v2/users", headers=auth,
                              query_string={"q": query, "include_totals": "true", "per_page": 50})
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200 or not response.json["users"]:
            raise RuntimeError(f"{query}: {response.status_code} {response.get_data(as_text=True)[:200]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "bench",
                          "MGMT_RATE_LIMIT": 10**9, "MGMT_RATE_REFILL": 10**9})
        client = app.test_client()
        manager = {c["name"]: c for c in client.get("/_cookbook/clients").json}["Travel0 Management"]
        token = client.post("/oauth/token", data={
            "grant_type": "client_credentials", "client_id": manager["client_id"],
            "client_secret": manager["client_secret"],
            "audience": f"{app.config['ISSUER']}api/v2/"}).json["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        began = time.perf_counter()
        import_users(client, auth, args.users)
        imported = time.perf_counter() - began
        figures = {name: median_ms(client, auth, q, args.runs) for name, q in QUERIES.items()}
        dispose(app)
    print(f"management_search p50 at {args.users} users: "
          + ", ".join(f"{name} {ms:.1f} ms" for name, ms in figures.items())
          + f" (import {imported:.1f} s, {args.runs} searches each, include_totals)")


if __name__ == "__main__":
    main()
