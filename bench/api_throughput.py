"""Requests per second of a protected API route versus a public one on the same live server.

Run from the repository root: ``.venv/bin/python -m bench.api_throughput``. The JWKS is served
by a local TokenMinter through the ``JWKS_FETCH`` override, so nothing leaves the machine. The
figure compares ``GET /api/private`` (token verified on every request) with ``GET /api/public``;
the target ratio is >= 0.85. It prints one line and never fails on speed.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

from api import create_app
from bench import load
from tests.support.servers import LiveServer
from tests.support.tokens import TokenMinter

TARGET_RATIO = 0.85


def measure(url: str, headers: dict, threads: int, seconds: float) -> float:
    """Requests per second of ``GET url`` with ``threads`` clients for ``seconds``."""
    return load.measure(lambda session: session.get(url, headers=headers, timeout=10).ok,
                        threads, seconds)


def run(threads: int, seconds: float, rounds: int) -> tuple[float, float]:
    """Alternate public and protected runs so drift hits both equally; return the means."""
    minter = TokenMinter(issuer="https://bench-tenant.local/")
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "AUTH0_DOMAIN": minter.issuer,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'api.db'}",
            "JWKS_FETCH": lambda url: minter.jwks(),
        })
        server = LiveServer().start(app)
        try:
            auth = {"Authorization": f"Bearer {minter.access_token()}"}
            measure(f"{server.url}/api/private", auth, threads, 0.5)  # warm up, fill the cache
            public, protected = [], []
            for _ in range(rounds):
                public.append(measure(f"{server.url}/api/public", {}, threads, seconds))
                protected.append(measure(f"{server.url}/api/private", auth, threads, seconds))
        finally:
            server.stop()
            app.extensions["api.db"].dispose()
    return sum(protected) / rounds, sum(public) / rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=2.0, help="per run")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per request
    protected, public = run(args.threads, args.seconds, args.rounds)
    print(f"api_throughput protected={protected:.1f} req/s public={public:.1f} req/s "
          f"ratio={protected / public:.2f} (target >= {TARGET_RATIO})")


if __name__ == "__main__":
    main()
