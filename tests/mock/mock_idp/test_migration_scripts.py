"""How the tenant reads what a custom-database script answers (Auth0's conventions), and where
``get_user`` is asked: sign-up, and the password-reset step for members not migrated yet."""

from __future__ import annotations

import pytest

from mock_idp import create_app
from mock_idp.custom_db import migration
from mock_idp.db import dispose
from mock_idp.models import Connection
from tests.support.accounts import reset_password
from tests.support.fixtures import tenant_overrides
from tests.support.flows import FlaskHttp, hidden_fields
from tests.support.legacy import (  # noqa: F401 - fixtures
    API_SECRET,
    CLASSIC,
    NOAH,
    OLIVIA,
    MigrationTenant,
    legacy,
    members,
    start_migration_tenant,
    tenant_copy,
)
from tests.support.mail import link_in

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2c.phase1.provisioning.user-migration"),
              pytest.mark.scenario("b2b.phase1.provisioning.user-migration")]


@pytest.fixture
def scripted(tmp_path):
    """A tenant whose Travel0-Classic scripts are the given code (no legacy app needed)."""
    started = []

    def start(login: str | None = None, get_user: str | None = None, legacy_url: str =
              "http://127.0.0.1:9", signup: bool = False, **settings):
        root = tmp_path / f"t{len(started)}"
        root.mkdir()
        directory = tenant_copy(root, login=login, get_user=get_user, signup=signup)
        tenant = start_migration_tenant(root, legacy_url, tenant_dir=directory, **settings)
        started.append(tenant.app)
        return tenant

    yield start
    for app in started:
        dispose(app)


def login_script(body: str) -> str:
    return f"function login(email, password, callback) {{\n{body}\n}}\n"


def test_unauthorized_error_shows_the_scripts_message(scripted):
    tenant = scripted(login_script('callback(new UnauthorizedError("Your Classic account is '
                                   'suspended. Call us."));'))
    _flow, page = tenant.login_page(OLIVIA, "whatever-1")
    assert page.status == 400 and "Your Classic account is suspended. Call us." in page.text
    assert tenant.logs("f")[0]["description"].startswith("Custom database login script failed")


@pytest.mark.parametrize("body", ["callback(new WrongUsernameOrPasswordError());",
                                  "callback(null);"])
def test_no_such_member_is_an_unknown_user(scripted, body):
    tenant = scripted(login_script(body))
    _flow, page = tenant.login_page(OLIVIA, "whatever-1")
    assert page.status == 400 and "Wrong email or password" in page.text
    assert tenant.logs("fu")[0]["user_name"] == OLIVIA and not tenant.logs("fp")


@pytest.mark.parametrize(("profile", "problem"), [
    ('{user_id: "x1", email: "someone-else@classic.example"}', "another email address"),
    ('{user_id: "230961529ac1538dcde45eb0"}', "belongs to another user"),  # Jane's id
    ('{user_id: true}', "not a usable string"),
    ('"just a string"', "not an object"),
])
def test_an_unusable_profile_creates_nobody(scripted, profile, problem):
    tenant = scripted(login_script(f"callback(null, {profile});"))
    _flow, page = tenant.login_page(OLIVIA, "whatever-1")
    assert page.status == 400 and migration.SCRIPT_FAILED in page.text
    assert problem in tenant.logs("f")[0]["description"]
    assert tenant.user(OLIVIA) is None


def test_profile_fields_follow_auth0s_normalized_profile(scripted):
    tenant = scripted(login_script(
        'callback(null, {user_id: 42, email: email.toUpperCase(), nickname: "ol", '
        'picture: "https://img.example/o.png", email_verified: "yes", '
        'app_metadata: {tier: "gold"}, user_metadata: ["not", "an", "object"]});'))
    assert "id_token" in tenant.flow().login(OLIVIA, "Chosen-Password-1", connection=CLASSIC)
    user = tenant.user(OLIVIA)
    assert (user.user_id, user.email, user.nickname) == ("auth0|42", OLIVIA, "ol")
    assert user.email_verified is False, "only a real true verifies the email"
    assert user.app_metadata == {"tier": "gold"} and user.user_metadata == {}


def test_require_is_not_there_and_says_so(scripted):
    tenant = scripted(login_script('const request = require("request"); callback(null, {});'))
    _flow, page = tenant.login_page(OLIVIA, "whatever-1")
    assert page.status == 400
    assert "Cannot find module 'request'" in tenant.logs("f")[0]["description"]


def sign_up(tenant, email: str, password: str = "Brand-New-Traveller-9"):
    flow = tenant.flow()
    first = tenant.http.get(flow.authorize(connection=CLASSIC, screen_hint="signup").location)
    return tenant.http.post("/u/signup", data={**hidden_fields(first.text), "email": email,
                                               "password": password, "action": "default"})


def test_sign_up_asks_get_user_and_refuses_a_classic_members_address(legacy,  # noqa: F811
                                                                      tmp_path):
    directory = tenant_copy(tmp_path, signup=True)
    tenant = start_migration_tenant(tmp_path, legacy.url, tenant_dir=directory)
    try:
        refused = sign_up(tenant, OLIVIA)
        assert refused.status == 400 and "Something went wrong" in refused.text
        assert tenant.logs("fs")[0]["description"] == "The user already exists"
        assert tenant.user(OLIVIA) is None
        welcomed = sign_up(tenant, "new.traveller@classic.example")
        assert welcomed.status == 302 and tenant.logs("ss")
    finally:
        dispose(tenant.app)


def test_sign_up_is_refused_when_get_user_cannot_answer(scripted):
    tenant = scripted(get_user='function getByEmail(email, callback) { throw new Error("db down"); }',
                      signup=True)
    refused = sign_up(tenant, "new.traveller@classic.example")
    assert refused.status == 400 and "Something went wrong" in refused.text
    assert "get_user script failed: Error: db down" in tenant.logs("fs")[0]["description"]
    assert tenant.user("new.traveller@classic.example") is None


def test_password_reset_step_brings_a_member_over_without_a_password(legacy,  # noqa: F811
                                                                    tmp_path):
    tenant = start_migration_tenant(tmp_path, legacy.url)
    try:
        with tenant.app.test_request_context("/"):
            from mock_idp.db import get_db

            db = get_db()
            connection = db.query(Connection).filter_by(name=CLASSIC).one()
            user = migration.import_for_reset(db, connection, NOAH)
            assert (user.user_id, user.password_hash) == ("auth0|classic-1002", None)
            assert migration.import_for_reset(db, connection, NOAH).user_id == user.user_id
            assert migration.import_for_reset(db, connection, "nobody@classic.example") is None
        _flow, page = tenant.login_page(NOAH, members()[NOAH])
        assert page.status == 400, "no password yet: the reset sets one"
    finally:
        dispose(tenant.app)


def test_a_member_who_forgot_the_password_resets_it_and_never_needs_classic_again(
        legacy, tmp_path, mail_sink):  # noqa: F811
    keywords = {"LEGACY_API_URL": legacy.url, "LEGACY_API_SECRET": API_SECRET}
    app = create_app(tenant_overrides(tmp_path, **mail_sink.tenant_settings(keywords)))
    try:
        tenant = MigrationTenant(app, FlaskHttp(app.test_client()))
        web = tenant.clients["Travel0 Web"]
        answer = tenant.http.post("/dbconnections/change_password", json={
            "client_id": web["client_id"], "email": NOAH, "connection": CLASSIC})
        assert answer.status == 200
        assert tenant.user(NOAH).password_hash is None, "brought over by get_user, no password"
        link = link_in(mail_sink.wait_for(NOAH, "reset_email")[0], "http://127.0.0.1:4000/")
        assert reset_password(tenant.http, link, "Noah-Fresh-Start-2030").status == 200
        legacy.stop()
        assert "id_token" in tenant.flow().login(NOAH, "Noah-Fresh-Start-2030",
                                                 connection=CLASSIC, prompt="login")
        assert tenant.user(NOAH).user_id == "auth0|classic-1002"
        unknown = tenant.http.post("/dbconnections/change_password", json={
            "client_id": web["client_id"], "email": "nobody@classic.example",
            "connection": CLASSIC})
        assert (unknown.status, unknown.text) == (answer.status, answer.text), "same answer"
        assert tenant.logs("w")[0]["description"].startswith(
            "Custom database get_user script failed"), "legacy down: a warning, same answer"
    finally:
        dispose(app)
