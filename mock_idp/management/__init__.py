"""The Management API v2 of a mock tenant (``/api/v2/*``).

``init_app`` registers the ``/api/v2`` blueprint (one child blueprint per resource) and puts
the per-app pieces in ``app.extensions``: the rate limiter (``mock_idp.mgmt_rate``) and the
job runner (``mock_idp.jobs``).
"""

from __future__ import annotations


def init_app(app) -> None:
    from .api import bp
    from .jobs.imports import notify_completion, run_import
    from .jobs.runner import JobRunner
    from .jobs.verification import run_verification_email
    from .ratelimit import RateLimiter

    app.extensions["mock_idp.mgmt_rate"] = RateLimiter(app.config["MGMT_RATE_LIMIT"],
                                                       app.config["MGMT_RATE_REFILL"])
    app.extensions["mock_idp.jobs"] = JobRunner(
        app, {"users_import": run_import, "verification_email": run_verification_email},
        finished=notify_completion)
    app.register_blueprint(bp)
