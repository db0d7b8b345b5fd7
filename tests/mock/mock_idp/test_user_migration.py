"""Automatic ("trickle") migration: a Travel0 Classic member's first login through the
Travel0-Classic connection asks the legacy app (live, port 0) through the tenant's login
script, then the member belongs to the tenant and the legacy store is never asked again."""

from __future__ import annotations

import pytest

from apps.legacy.db import Member, make_sessionmaker
from apps.legacy.export import to_record
from mock_idp.custom_db import migration
from mock_idp.passwords import verify_password
from tests.support.flows import CodeFlow, hidden_fields, query_of
from tests.support.legacy import (  # noqa: F401 - fixtures
    CLASSIC,
    LIAM,
    NOAH,
    OLIVIA,
    legacy,
    members,
    migration_tenant,
)
from tests.support.tenant import JANE, demo_password

pytestmark = [pytest.mark.mock,
              pytest.mark.scenario("b2c.phase1.provisioning.user-migration"),
              pytest.mark.scenario("b2b.phase1.provisioning.user-migration")]


def management_get(tenant, path: str) -> dict:
    """A Management API read as Travel0 Management (the tenant's own test client)."""
    manager = tenant.clients["Travel0 Management"]
    token = tenant.http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": manager["client_id"],
        "client_secret": manager["client_secret"],
        "audience": "http://127.0.0.1:4000/api/v2/"}).json()["access_token"]
    response = tenant.http.get(f"/api/v2{path}", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200, response.text
    return response.json()


def test_first_login_moves_the_member_into_the_tenant_with_a_bcrypt_hash(legacy,  # noqa: F811
                                                                          migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url)
    assert tenant.user(OLIVIA) is None
    tokens = tenant.flow().login(OLIVIA, members()[OLIVIA], connection=CLASSIC)
    assert "id_token" in tokens
    user = tenant.user(OLIVIA)
    assert user.user_id == "auth0|classic-1001" and user.connection == CLASSIC
    assert user.password_hash.startswith("$2b$04$"), "the tenant's own bcrypt, not the legacy hash"
    assert verify_password(members()[OLIVIA], user.password_hash)
    assert (user.given_name, user.family_name, user.name) == ("Olivia", "Martin", "Olivia M.")
    assert user.email_verified is True
    assert user.app_metadata == {"migrated_from": "travel0-classic", "loyalty_points": 5400,
                                 "classic_member_since": "2013-04-02"}
    assert user.user_metadata == {"marketing_consent": True, "preferred_language": "fr"}
    profile = management_get(tenant, f"/users/{user.user_id}")
    assert profile["identities"][0] == {"connection": CLASSIC, "provider": "auth0",
                                        "user_id": "classic-1001", "isSocial": False}
    success = tenant.logs("s")[0]
    assert success["user_id"] == user.user_id and success["connection"] == CLASSIC


def test_a_migrated_member_never_touches_the_legacy_store_again(legacy,  # noqa: F811
                                                                migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url)
    tenant.flow().login(NOAH, members()[NOAH], connection=CLASSIC)
    legacy.stop()  # the legacy app is gone: the next logins are the tenant's alone
    assert "id_token" in tenant.flow().login(NOAH, members()[NOAH], connection=CLASSIC)
    _flow, wrong = tenant.login_page(NOAH, "Not-The-Password-1")
    assert wrong.status == 400 and "Wrong email or password" in wrong.text
    failure = tenant.logs("fp")[0]
    assert failure["user_id"] == "auth0|classic-1002"
    assert "custom_database" not in failure.get("details", {}), "no script ran"
    assert not tenant.logs("f"), "nothing tried to reach the stopped legacy app"


def test_a_wrong_legacy_password_is_fp_and_creates_no_user(legacy,  # noqa: F811
                                                           migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url)
    _flow, page = tenant.login_page(OLIVIA, "Olivia-Guess-1")
    assert page.status == 400
    assert 'id="error-element-password"' in page.text and "Wrong email or password" in page.text
    event = tenant.logs("fp")[0]
    assert event["user_name"] == OLIVIA and event["connection"] == CLASSIC
    assert event["details"]["custom_database"]["status"] == "error"
    assert tenant.user(OLIVIA) is None


def test_legacy_down_is_a_clear_login_error_and_no_half_created_user(legacy,  # noqa: F811
                                                                     migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url)
    legacy.stop()
    _flow, page = tenant.login_page(LIAM, members()[LIAM])
    assert page.status == 400 and migration.SCRIPT_FAILED in page.text
    event = tenant.logs("f")[0]
    assert "could not be reached" in event["description"] and event["user_name"] == LIAM
    assert tenant.user(LIAM) is None
    assert not tenant.logs("s")


def test_a_wrong_shared_secret_is_reported_as_such_not_as_a_wrong_password(
        legacy, migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url, secret="not-the-secret")
    _flow, page = tenant.login_page(OLIVIA, members()[OLIVIA])
    assert page.status == 400 and migration.SCRIPT_FAILED in page.text
    assert "refused the tenant's credentials" in tenant.logs("f")[0]["description"]
    assert not tenant.logs("fp")


def test_without_the_connection_parameter_the_app_keeps_its_first_database(
        legacy, migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url)
    assert "id_token" in tenant.flow().login(JANE, demo_password(JANE))
    flow = tenant.flow()
    page = flow.submit_login(flow.authorize(prompt="login").location, OLIVIA, members()[OLIVIA])
    assert page.status == 400, "Username-Password-Authentication does not know Classic members"
    assert tenant.logs("fu")[0]["connection"] == "Username-Password-Authentication"
    assert tenant.user(OLIVIA) is None


def test_only_clients_the_connection_is_enabled_for_may_ask_for_it(legacy,  # noqa: F811
                                                                   migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url)
    rewards = tenant.clients["Travel0 Rewards"]
    flow = CodeFlow(tenant.http, rewards["client_id"], "http://localhost:5003/callback",
                    rewards["client_secret"])
    answer = query_of(flow.authorize(connection=CLASSIC).location)
    assert answer["error"] == "invalid_request" and CLASSIC in answer["error_description"]


def test_trickled_and_exported_members_get_the_same_profile(legacy,  # noqa: F811
                                                            migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url)
    tenant.flow().login(OLIVIA, members()[OLIVIA], connection=CLASSIC)
    user = tenant.user(OLIVIA)
    sessions = make_sessionmaker(legacy.app.config["DATABASE_URL"])
    with sessions() as session:
        record = to_record(session.get(Member, 1001))
    sessions.kw["bind"].dispose()
    assert f"auth0|{record['user_id']}" == user.user_id
    for key in ("email", "email_verified", "name", "given_name", "family_name",
                "user_metadata", "app_metadata"):
        assert getattr(user, key) == record[key], key


def test_login_hint_from_the_legacy_app_prefills_universal_login(legacy,  # noqa: F811
                                                                 migration_tenant):  # noqa: F811
    tenant = migration_tenant(legacy.url)
    flow = tenant.flow()
    page = tenant.http.get(flow.authorize(connection=CLASSIC, login_hint=OLIVIA).location)
    assert f'value="{OLIVIA}"' in page.text and hidden_fields(page.text)["state"]
