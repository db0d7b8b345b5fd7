"""The real HTTP behind a database script's ``fetch``: one request, bounded in time and size.

Only ``http``/``https`` URLs; redirects followed (as ``fetch`` does) up to a few hops; the
answer's body is read up to ``MAX_BODY`` bytes. Failures come back as ``error`` (the script
sees ``TypeError: fetch failed: ...``), never as an exception here. Nothing is logged: the
request may carry the connection's secrets.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import requests

from .. import outbound

MAX_BODY = 1024 * 1024
MAX_REDIRECTS = 5
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
USER_AGENT = "mock-idp-custom-db/1.0 (Auth0-compatible database action script)"


def perform(request: dict, deadline: float, source_address: str | None = None) -> dict:
    """Make one queued ``fetch`` request; the answer as the JavaScript side expects it."""
    answer = {"id": request["id"]}
    problem = _refusal(request)
    remaining = deadline - time.perf_counter()
    if problem is None and remaining <= 0:
        problem = "the script's time limit was reached"
    if problem is not None:
        return {**answer, "error": problem}
    headers = {"User-Agent": USER_AGENT, **dict(request["headers"])}
    try:
        with outbound.session(source_address) as session:
            session.max_redirects = MAX_REDIRECTS
            response = session.request(request["method"], request["url"], headers=headers,
                                       data=_body(request["body"]), timeout=remaining,
                                       stream=True, allow_redirects=True)
            with response:
                body = response.raw.read(MAX_BODY + 1, decode_content=True)
    except requests.Timeout:
        return {**answer, "error": "the server did not answer in time"}
    except requests.RequestException as exc:
        return {**answer, "error": f"could not reach {urlsplit(request['url']).netloc} "
                                   f"({type(exc).__name__})"}
    if len(body) > MAX_BODY:
        return {**answer, "error": f"the response is larger than {MAX_BODY} bytes"}
    return {**answer, "status": response.status_code, "statusText": response.reason or "",
            "url": response.url, "headers": [[k.lower(), v] for k, v in response.headers.items()],
            "body": body.decode(response.encoding or "utf-8", errors="replace")}


def _refusal(request: dict) -> str | None:
    parts = urlsplit(request["url"])
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"only absolute http(s) URLs can be fetched, not {request['url'][:80]!r}"
    if request["method"] not in METHODS:
        return f"unsupported method {request['method'][:20]}"
    return None


def _body(body: str | None) -> bytes | None:
    return None if body is None else body.encode()
