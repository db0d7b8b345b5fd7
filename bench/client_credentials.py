"""Client-credentials tokens per second at 8 concurrent clients, beside the raw RS256
signing rate of the same key measured in the same run.

Run from the repository root: ``.venv/bin/python -m bench.client_credentials``. The ratio
shows how much of a token request is signing and how much is HTTP, routing and the
database. The tenant runs under gunicorn (1 worker, 8 threads) as `cookbook up` starts it;
the signing rate is one thread of this process with a 2048-bit key like the tenant's.
One result line; it never fails on speed.
"""

from __future__ import annotations

import argparse
import time

from joserfc import jwt
from joserfc.jwk import RSAKey

from bench import load
from bench.tenant import running_tenant

AUDIENCE = "https://api.cookbook.local/"


def signing_rate(key, seconds: float) -> float:
    """Signatures per second on one thread: the floor every token request pays."""
    header = {"alg": "RS256", "typ": "JWT", "kid": key.kid}
    claims = {"iss": "https://bench/", "sub": "x@clients", "aud": AUDIENCE, "scope": "read:reports",
              "iat": 0, "exp": 1, "gty": "client-credentials"}
    count, deadline = 0, time.perf_counter() + seconds
    began = time.perf_counter()
    while time.perf_counter() < deadline:
        jwt.encode(header, claims, key, algorithms=["RS256"])
        count += 1
    return count / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with running_tenant() as (url, clients):
        reports = clients["Travel0 Reports"]
        body = {"grant_type": "client_credentials", "client_id": reports["client_id"],
                "client_secret": reports["client_secret"], "audience": AUDIENCE}

        def request_token(session) -> bool:
            response = session.post(f"{url}/oauth/token", data=body, timeout=10)
            return response.status_code == 200 and "access_token" in response.json()

        load.measure(request_token, args.threads, 0.5)  # warm up
        tokens = load.measure(request_token, args.threads, args.seconds)
    signing = signing_rate(RSAKey.generate_key(2048, parameters={"kid": "bench"}), args.seconds)
    print(f"client_credentials tokens={tokens:.1f}/s at {args.threads} clients "
          f"raw_rs256_sign={signing:.1f}/s (1 thread) tokens/sign={tokens / signing:.2f}")


if __name__ == "__main__":
    main()
