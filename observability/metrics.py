"""Prometheus metrics per app instance: request latency by endpoint, logins by outcome and
tokens by grant type. The registry lives in ``app.extensions``, never in a module global, so
several apps in one process (tests, ``cookbook up`` in containers) keep separate counts."""

from __future__ import annotations

import time

from flask import Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest

EXTENSION = "cookbook.metrics"
# Seconds; tuned for an identity provider: a bcrypt login takes ~0.1 s, a JWKS read ~1 ms.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The instruments of one app; ``registry`` is what ``/metrics`` serves."""

    def __init__(self, service: str):
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        self.latency = Histogram(
            "cookbook_http_request_duration_seconds", "Time to answer an HTTP request",
            ["method", "endpoint", "status"], buckets=BUCKETS, registry=self.registry)
        self.logins = Counter(
            "cookbook_logins", "Login attempts by outcome", ["outcome"], registry=self.registry)
        self.tokens = Counter(
            "cookbook_tokens_issued", "Tokens issued at the token endpoint by grant type",
            ["grant_type"], registry=self.registry)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def metrics() -> Metrics:
    return current_app.extensions[EXTENSION]


def count_login(outcome: str) -> None:
    """One login attempt that ended with ``outcome`` (success, wrong_password, ...)."""
    metrics().logins.labels(outcome=outcome).inc()


def count_token(grant_type: str) -> None:
    metrics().tokens.labels(grant_type=grant_type).inc()


def _start() -> None:
    g.cookbook_request_started = time.perf_counter()


def _observe(response):
    started = g.pop("cookbook_request_started", None)
    if started is not None:
        # The route pattern, not the path: ids in URLs must not explode the label space.
        endpoint = request.url_rule.rule if request.url_rule else "<unmatched>"
        metrics().latency.labels(method=request.method, endpoint=endpoint,
                                 status=str(response.status_code)).observe(
            time.perf_counter() - started)
    return response


def _serve():
    return Response(metrics().exposition(), mimetype=CONTENT_TYPE_LATEST)


def init_app(app, service: str) -> Metrics:
    """Give ``app`` its registry, time every request and serve ``GET /metrics``."""
    instruments = Metrics(service)
    app.extensions[EXTENSION] = instruments
    app.before_request(_start)
    app.after_request(_observe)
    app.add_url_rule("/metrics", "cookbook_metrics", _serve, methods=["GET"])
    return instruments
