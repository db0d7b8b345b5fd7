"""mock_idp: an identity provider that speaks Auth0's wire protocol, for offline runs and tests.

One app is one tenant, loaded from a tenant-as-code directory (auth0-deploy-cli YAML).
"""

from __future__ import annotations

from flask import Flask

from . import (
    actions,
    clock,
    db,
    domains,
    enterprise,
    errors,
    flow,
    keys,
    logstreams,
    mail,
    management,
    monitoring,
    notices,
    oauth,
    protection,
    tenant_state,
)
from .config import load_config
from .views import (
    authorize,
    control,
    dbconnections,
    discovery,
    faults,
    identifier,
    login,
    logout,
    operations,
    organization,
    outbox,
    reset,
    resume,
    token,
    userinfo,
    verification,
)
from .views import (
    enterprise as enterprise_views,
)


def create_app(overrides: dict | None = None) -> Flask:
    """Build a tenant: config, storage, tenant files, keys, OAuth wiring and pages."""
    app = Flask(__name__)
    config = load_config(overrides)
    app.config.update(config)
    app.config["SESSION_COOKIE_NAME"] = f"{config['SESSION_COOKIE']}_flask"
    for module in (errors, clock, db, tenant_state, domains, actions, keys, oauth, flow, mail,
                   enterprise,
                   management, protection, monitoring, logstreams, notices):
        module.init_app(app)
    for blueprint in (discovery.bp, authorize.bp, login.bp, resume.bp, token.bp, userinfo.bp,
                      logout.bp, dbconnections.bp, verification.bp, reset.bp,
                      organization.bp, enterprise_views.bp, identifier.bp):
        app.register_blueprint(blueprint)
    if app.config["CONTROL_PLANE"]:
        app.register_blueprint(control.bp)
        app.register_blueprint(outbox.bp)
        app.register_blueprint(operations.bp)
        faults.init_app(app)
    return app
