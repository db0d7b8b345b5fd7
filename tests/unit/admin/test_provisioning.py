"""The provisioning state machine against an in-memory tenant: every step idempotent, a
failure halfway leaves a record that a retry completes, never a second organization."""

from __future__ import annotations

import pytest
from flask import Flask

from apps.admin import provisioning, store
from apps.admin.provision_form import spec as make_spec
from apps.admin.provision_form import validate
from apps.common.management import ManagementRefused

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2b.phase1.qa.unit-testing")]
DB, ACME = "Username-Password-Authentication", "acme"


class MemoryTenant:
    """The calls provisioning makes, on dicts; ``fail_once[name]`` makes the next call refuse."""

    def __init__(self):
        self.orgs: dict[str, dict] = {}
        self.connections = {DB: {"id": "con_db", "name": DB, "strategy": "auth0"},
                            ACME: {"id": "con_acme", "name": ACME, "strategy": "oidc"}}
        self.enabled: dict[str, dict[str, bool]] = {}
        self.invitations: list[dict] = []
        self.users: dict[str, dict] = {}
        self.members: dict[str, dict[str, list]] = {}
        self.resets: list[str] = []
        self.calls: list[str] = []
        self.fail_once: dict[str, ManagementRefused] = {}

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if name in self.fail_once:
            raise self.fail_once.pop(name)

    def organization_by_name(self, name):
        self._call("organization_by_name")
        return next((o for o in self.orgs.values() if o["name"] == name), None)

    def create_organization(self, name, display_name, branding, metadata):
        self._call("create_organization")
        if any(o["name"] == name for o in self.orgs.values()):
            raise ManagementRefused(409, "An organization with this name already exists.")
        org = {"id": f"org_{len(self.orgs) + 1}", "name": name, "display_name": display_name,
               "branding": branding, "metadata": metadata}
        self.orgs[org["id"]] = org
        return org

    def connection_by_name(self, name):
        self._call("connection_by_name")
        return self.connections.get(name)

    def enabled_connection_ids(self, org_id):
        self._call("enabled_connection_ids")
        return set(self.enabled.get(org_id, {}))

    def enable_connection(self, org_id, connection_id, assign_membership):
        self._call("enable_connection")
        self.enabled.setdefault(org_id, {})[connection_id] = assign_membership

    def role_id(self, name):
        self._call("role_id")
        return {"org-admin": "rol_admin"}.get(name)

    def invitations_for(self, org_id, email):
        self._call("invitations_for")
        return [i for i in self.invitations if i["org"] == org_id and i["email"] == email]

    def invite(self, org_id, email, inviter, connection_id, role_ids):
        self._call("invite")
        self.invitations.append({"org": org_id, "email": email, "roles": role_ids,
                                 "connection": connection_id})

    def user_in_connection(self, email, connection):
        self._call("user_in_connection")
        return self.users.get(email)

    def create_user(self, email, connection, password):
        self._call("create_user")
        assert len(password) >= 30, "an unguessable password"
        self.users[email] = {"user_id": f"auth0|{len(self.users) + 1}", "email": email}
        return self.users[email]

    def add_member(self, org_id, user_id, role_ids):
        self._call("add_member")
        self.members.setdefault(org_id, {})[user_id] = role_ids

    def send_password_reset(self, email, connection):
        self._call("send_password_reset")
        self.resets.append(email)


@pytest.fixture
def app(tmp_path):
    app = Flask(__name__)
    app.config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'admin.db'}"
    store.init_app(app)
    with app.app_context():
        yield app
    app.extensions[store.EXTENSION_KEY].dispose()


@pytest.fixture
def tenant():
    return MemoryTenant()


def spec(name="harbor-trips", mode="create", connection=DB) -> dict:
    values = {"name": name, "display_name": "Harbor Trips", "logo_url": "",
              "primary_color": "#123456", "page_background": "#ffffff", "tier": "gold",
              "region": "emea", "connection": connection, "admin_email": "Hana@harbor.example",
              "admin_mode": mode}
    return make_spec(values, "org-admin", "ada@ops.travel0.example")


def steps_done(record) -> list[str]:
    return [step for step in provisioning.STEPS if record.steps.get(step, {}).get("status") == "done"]


@pytest.mark.scenario("b2b.phase1.provisioning.new-organization")
def test_one_run_makes_the_organization_its_connection_and_its_first_admin(app, tenant):
    record, new = provisioning.start(spec(), "ada@ops.travel0.example")
    assert new and record.status == "pending"
    done = provisioning.run(record.id, tenant)
    assert done.status == "completed" and steps_done(done) == list(provisioning.STEPS)
    (org,) = tenant.orgs.values()
    assert done.org_id == org["id"]
    assert org["metadata"] == {"tier": "gold", "region": "emea", "provisioning_id": record.id}
    assert org["branding"]["colors"]["primary"] == "#123456"
    assert tenant.enabled[org["id"]] == {"con_db": False}  # database: members are added
    user = tenant.users["hana@harbor.example"]
    assert tenant.members[org["id"]] == {user["user_id"]: ["rol_admin"]}
    assert tenant.resets == ["hana@harbor.example"]


@pytest.mark.scenario("b2b.phase1.provisioning.new-organization")
def test_a_failure_halfway_is_recorded_and_a_retry_does_only_the_missing_steps(app, tenant):
    record, _ = provisioning.start(spec(), "ada@ops.travel0.example")
    tenant.fail_once["enable_connection"] = ManagementRefused(429, "Global limit has been reached")
    failed = provisioning.run(record.id, tenant)
    assert failed.status == "failed"
    assert steps_done(failed) == ["create_organization"]
    assert failed.steps["enable_connection"]["status"] == "failed"
    assert "HTTP 429" in failed.last_error and "Global limit" in failed.last_error
    assert failed.org_id and len(tenant.orgs) == 1

    again, new = provisioning.start(spec(), "sol@ops.travel0.example")  # same name: resumed
    assert not new and again.id == record.id
    done = provisioning.run(record.id, tenant)
    assert done.status == "completed" and done.attempts == 2 and done.last_error == ""
    assert len(tenant.orgs) == 1 and tenant.calls.count("create_organization") == 1
    assert tenant.resets == ["hana@harbor.example"]


def test_a_crash_after_the_tenant_made_the_organization_adopts_it_instead_of_a_second(app, tenant):
    record, _ = provisioning.start(spec(), "ada@ops.travel0.example")
    # As if the run died between the tenant's answer and our commit: the org exists, marked ours.
    tenant.create_organization("harbor-trips", "Harbor Trips", {},
                               {"provisioning_id": record.id})
    done = provisioning.run(record.id, tenant)
    assert done.status == "completed" and len(tenant.orgs) == 1
    assert "made by this provisioning earlier" in done.steps["create_organization"]["detail"]


def test_someone_elses_organization_of_that_name_is_never_adopted(app, tenant):
    tenant.create_organization("harbor-trips", "Someone else's", {}, {"tier": "gold"})
    record, _ = provisioning.start(spec(), "ada@ops.travel0.example")
    failed = provisioning.run(record.id, tenant)
    assert failed.status == "failed" and failed.org_id is None
    assert "already exists in the tenant and was not made by this provisioning" in failed.last_error
    assert tenant.calls.count("create_organization") == 1  # only the test's own
    assert tenant.enabled == {} and tenant.users == {}


def test_a_lost_race_for_the_name_adopts_the_winner_only_when_it_is_ours(app, tenant):
    record, _ = provisioning.start(spec(), "ada@ops.travel0.example")

    def create(*_args):  # another request of the same record created it a moment ago
        tenant.orgs["org_9"] = {"id": "org_9", "name": "harbor-trips",
                                "metadata": {"provisioning_id": record.id}}
        raise ManagementRefused(409, "An organization with this name already exists.")

    tenant.create_organization = create
    done = provisioning.run(record.id, tenant)
    assert done.status == "completed" and done.org_id == "org_9"


def test_an_existing_user_and_an_existing_invitation_are_not_made_twice(app, tenant):
    tenant.users["hana@harbor.example"] = {"user_id": "auth0|existing"}
    record, _ = provisioning.start(spec(), "ada@ops.travel0.example")
    assert provisioning.run(record.id, tenant).status == "completed"
    assert "create_user" not in tenant.calls

    invited, _ = provisioning.start(spec(name="lagoon-two", mode="invite"), "ada@ops.travel0.example")
    tenant.fail_once["role_id"] = ManagementRefused(503, "busy")
    assert provisioning.run(invited.id, tenant).status == "failed"
    assert provisioning.run(invited.id, tenant).status == "completed"
    (invitation,) = tenant.invitations
    assert invitation["roles"] == ["rol_admin"] and invitation["connection"] == "con_db"
    assert tenant.resets == ["hana@harbor.example"]  # the invitation email did that job


def test_an_enterprise_connection_assigns_membership_on_login(app, tenant):
    record, _ = provisioning.start(spec(mode="invite", connection=ACME), "ada@ops.travel0.example")
    done = provisioning.run(record.id, tenant)
    assert done.status == "completed"
    assert tenant.enabled[done.org_id] == {"con_acme": True}


def test_a_completed_record_is_never_run_again(app, tenant):
    record, _ = provisioning.start(spec(), "ada@ops.travel0.example")
    provisioning.run(record.id, tenant)
    with pytest.raises(provisioning.AlreadyProvisioned):
        provisioning.start(spec(), "ada@ops.travel0.example")
    with pytest.raises(provisioning.AlreadyProvisioned):
        provisioning.run(record.id, tenant)
    assert tenant.calls.count("create_organization") == 1


def test_a_record_runs_in_one_request_at_a_time_unless_its_claim_went_stale(app, tenant):
    record, _ = provisioning.start(spec(), "ada@ops.travel0.example")
    provisioning._claim(record.id)  # another request is running it
    with pytest.raises(provisioning.Busy):
        provisioning.run(record.id, tenant)
    with store.store().session.begin() as db:
        db.get(store.Provisioning, record.id).updated_at = "2000-01-01T00:00:00.000Z"
    assert provisioning.run(record.id, tenant).status == "completed"


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": "Harbor Trips"}, "name"), ({"name": "-harbor"}, "name"),
    ({"display_name": ""}, "display_name"), ({"logo_url": "javascript:alert(1)"}, "logo_url"),
    ({"primary_color": "red"}, "primary_color"), ({"tier": "platinum"}, "tier"),
    ({"connection": "Travel0-Operators"}, "connection"), ({"admin_email": "hana"}, "admin_email"),
    ({"admin_mode": "impersonate"}, "admin_mode"),
    ({"connection": ACME, "admin_mode": "create"}, "admin_mode"),
])
def test_the_form_refuses_what_the_tenant_would_or_should(changes, field):
    values = {"name": "harbor-trips", "display_name": "Harbor Trips", "logo_url": "",
              "primary_color": "#123456", "page_background": "#ffffff", "tier": "gold",
              "region": "emea", "connection": DB, "admin_email": "hana@harbor.example",
              "admin_mode": "create", **changes}
    errors = validate(values, {DB: "auth0", ACME: "oidc"})
    assert set(errors) == {field}
