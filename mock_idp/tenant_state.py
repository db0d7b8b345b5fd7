"""Load the tenant files at start and deploy them into the tenant database."""

from __future__ import annotations

from .management import scopes as management
from .tenant import load_tenant
from .tenant.seed import deploy


def init_app(app) -> None:
    """Fail start-up with ``TenantFileError`` (file, path inside it, problem) on a bad file."""
    # The Management API's identifier follows this tenant's own URL, whatever the env file
    # says for a real tenant; run-time keywords still win.
    keywords = {management.KEYWORD: management.audience(app.config["ISSUER"]),
                **app.config["KEYWORDS"]}
    spec = load_tenant(app.config["TENANT_DIR"], app.config["ENV"], keywords)
    app.extensions["mock_idp.tenant"] = spec
    sessionmaker = app.extensions["mock_idp.db"]
    with sessionmaker() as session:
        deploy(session, spec, app.config["CREDENTIAL_SEED"], app.extensions["mock_idp.clock"].now(),
               management_audience=keywords[management.KEYWORD])
