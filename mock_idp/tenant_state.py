"""Load the tenant files at start and deploy them into the tenant database."""

from __future__ import annotations

from .tenant import load_tenant
from .tenant.seed import deploy


def init_app(app) -> None:
    """Fail start-up with ``TenantFileError`` (file, path inside it, problem) on a bad file."""
    spec = load_tenant(app.config["TENANT_DIR"], app.config["ENV"], app.config["KEYWORDS"])
    app.extensions["mock_idp.tenant"] = spec
    sessionmaker = app.extensions["mock_idp.db"]
    with sessionmaker() as session:
        deploy(session, spec, app.config["CREDENTIAL_SEED"], app.extensions["mock_idp.clock"].now())
