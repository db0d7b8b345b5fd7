"""What a restart of the tenant does to organizations: the files' agencies follow the
files, organizations provisioned at run time stay with their members and connections."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mock_idp import create_app
from mock_idp.db import dispose
from mock_idp.models import Connection, Organization, OrganizationConnection, User
from mock_idp.organizations import add_member, is_member
from tests.support.fixtures import tenant_overrides

pytestmark = pytest.mark.mock


def restart(tmp_path, mail_sink):
    return create_app(tenant_overrides(tmp_path, **mail_sink.tenant_settings()))


@pytest.mark.scenario("b2b.phase1.provisioning.organization-users")
def test_provisioned_organizations_outlive_a_restart(tmp_path, mail_sink):
    app = restart(tmp_path, mail_sink)
    with app.extensions["mock_idp.db"]() as db:
        jane = db.scalar(select(User).where(User.email == "jane@travel0.example"))
        db_id = db.scalar(select(Connection.id).where(
            Connection.name == "Username-Password-Authentication"))
        db.add(Organization(id="org_provisioned0001", name="alpine-escapes", created_at=0,
                            org_metadata={"tier": "bronze"}, branding={}))
        db.add(OrganizationConnection(organization_id="org_provisioned0001", connection_id=db_id))
        add_member(db, "org_provisioned0001", jane.user_id, 0)
        sunrise = db.scalar(select(Organization).where(Organization.name == "sunrise-travel"))
        sunrise.display_name = "Changed in the running tenant"
        db.commit()
    dispose(app)
    app = restart(tmp_path, mail_sink)
    try:
        with app.extensions["mock_idp.db"]() as db:
            kept = db.get(Organization, "org_provisioned0001")
            assert kept is not None and kept.org_metadata == {"tier": "bronze"}
            assert db.get(OrganizationConnection, ("org_provisioned0001", db_id)) is not None
            assert is_member(db, "org_provisioned0001", jane.user_id)
            sunrise = db.scalar(select(Organization).where(Organization.name == "sunrise-travel"))
            assert sunrise.display_name == "Sunrise Travel Agency", "the files win for their own"
    finally:
        dispose(app)
