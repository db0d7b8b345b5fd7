"""One HTTP delivery of a batch to a stream's sink, bounded in time.

Failures come back as a short reason (never raised, never holding the Authorization value):
a refused connection, a timeout, or a status other than 2xx.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from .. import outbound
from .destinations import resolved_problem
from .payload import bodies

USER_AGENT = "mock-idp-log-streams/1.0 (Auth0-compatible log stream)"


def headers_for(sink: dict) -> dict:
    headers = {"User-Agent": USER_AGENT,
               "Content-Type": sink.get("httpContentType") or "application/json"}
    for item in sink.get("httpCustomHeaders") or []:
        headers[item["header"]] = item["value"]
    if sink.get("httpAuthorization"):
        headers["Authorization"] = sink["httpAuthorization"]
    return headers


def send(sink: dict, events: list[dict], timeout: float, source_address: str | None = None,
         known: frozenset[str] = frozenset(), allow_private: bool = True) -> str | None:
    """POST the batch (one request, or one per event for JSONOBJECT); None when all landed.
    A destination the tenant may not reach (destinations.py) is a failure, nothing is sent."""
    url = sink["httpEndpoint"]
    host = urlsplit(url).netloc
    refused = resolved_problem(url, allow_private)
    if refused is not None:
        return f"refused to deliver: {refused}"
    with outbound.session(source_address) as session:
        for body in bodies(events, sink.get("httpContentFormat"), known):
            try:
                response = session.post(url, data=body, headers=headers_for(sink),
                                        timeout=timeout, allow_redirects=False)
            except requests.Timeout:
                return f"{host} did not answer within {timeout:g} s"
            except requests.RequestException as exc:
                return f"could not reach {host} ({type(exc).__name__})"
            if not 200 <= response.status_code < 300:
                return f"{host} answered HTTP {response.status_code}"
    return None
