"""What every service of the cookbook exposes to its operators: ``/health`` (each dependency
checked for real, 200 or 503 naming the failing one) and ``/metrics`` (Prometheus text format,
one registry per app instance), and the IP allow-list (``allowlist``) in front of the
services the tenant calls.

A library, not a service: each app's factory calls :func:`metrics.init_app` and
:func:`health.init_app` with its own checks.
"""
