"""Users through the official auth0-python client: create, search, update, block, delete."""

from __future__ import annotations

import pytest
from auth0.management.errors import BadRequestError, ConflictError, NotFoundError

from tests.support.tenant import JANE, MAX, SAM, demo_password

pytestmark = pytest.mark.mock

DB = "Username-Password-Authentication"
STRONG = "Correct-Horse-Battery-9"


def create(api, email: str, **extra):
    return api.users.create(connection=DB, email=email, password=STRONG, verify_email=False, **extra)


def test_create_get_and_delete_a_user(manager_api, live_tenant):
    created = create(manager_api, "Ada@Example.com", given_name="Ada", family_name="Lovelace",
                     user_metadata={"theme": "dark"}, app_metadata={"plan": "gold"})
    assert created.user_id.startswith("auth0|")
    assert created.email == "ada@example.com", "Auth0 keeps database emails in lower case"
    assert created.email_verified is False and created.blocked is False
    assert created.identities[0].connection == DB and created.identities[0].provider == "auth0"
    assert created.identities[0].is_social is False
    assert created.user_metadata == {"theme": "dark"} and created.app_metadata == {"plan": "gold"}
    assert created.created_at is not None and created.logins_count == 0

    fetched = manager_api.users.get(created.user_id)
    assert fetched.user_id == created.user_id and fetched.given_name == "Ada"
    assert fetched.updated_at == created.updated_at

    manager_api.users.delete(created.user_id)
    with pytest.raises(NotFoundError) as missing:
        manager_api.users.get(created.user_id)
    assert missing.value.body["errorCode"] == "inexistent_user"
    deletions = live_tenant.http.get("/_cookbook/logs", params={"type": "sdu"}).json()
    assert deletions[0]["user_id"] == created.user_id


def test_create_refuses_duplicates_and_weak_passwords(manager_api):
    create(manager_api, "dup@example.com")
    with pytest.raises(ConflictError) as duplicate:
        create(manager_api, "DUP@example.com")
    assert duplicate.value.body == {"statusCode": 409, "error": "Conflict",
                                    "message": "The user already exists.",
                                    "errorCode": "auth0_idp_error"}
    with pytest.raises(BadRequestError) as weak:
        manager_api.users.create(connection=DB, email="weak@example.com", password="short")
    assert weak.value.body["message"] == "PasswordStrengthError: Password is too weak"


def test_search_with_lucene_queries(manager_api):
    create(manager_api, "alice@travel0.example", name="Alice Liddell", app_metadata={"plan": "gold"})
    create(manager_api, "bob@partner.example", name="Bob Stone", app_metadata={"plan": "silver"},
           user_metadata={"city": "Paris"}, blocked=True)

    def emails(q: str, **params) -> list[str]:
        return sorted(u.email for u in manager_api.users.list(q=q, search_engine="v3", **params))

    assert emails('email:"alice@travel0.example"') == ["alice@travel0.example"]
    assert emails("email:ALICE@travel0.example") == ["alice@travel0.example"], "case-insensitive"
    assert emails("email:*@partner.example") == ["bob@partner.example"]
    assert emails("email:bob*") == ["bob@partner.example"]
    assert emails("name:alice") == ["alice@travel0.example"], "an unquoted name matches a word"
    assert emails("app_metadata.plan:gold") == ["alice@travel0.example"]
    assert emails("app_metadata.loyalty_tier:gold AND email:jane*") == [JANE]
    assert emails("app_metadata.plan:gold OR app_metadata.loyalty_tier:gold") == [
        "alice@travel0.example", JANE]
    assert emails("user_metadata.city:Paris OR email:alice*") == ["alice@travel0.example",
                                                                    "bob@partner.example"]
    assert emails("email.domain:partner.example AND blocked:true") == ["bob@partner.example"]
    assert emails("_exists_:user_metadata.city") == ["bob@partner.example"]
    assert emails("email:*@travel0.example -app_metadata.plan:gold") == [JANE, MAX, SAM]
    assert emails("NOT email:*travel0.example") == [  # the B2B demo users and Bob
        "ana@sunrise-travel.example", "ben@sunrise-travel.example", "bob@partner.example",
        "dana@travel0-partners.example", "leo@lagoon-tours.example"]
    assert emails('app_metadata.plan:"Gold"') == [], "metadata values are case-sensitive"


def test_search_pages_and_totals(manager_api):
    for i in range(5):
        create(manager_api, f"page{i}@example.com")
    page = manager_api.users.list(q="email:page*", per_page=2, page=1, include_totals=True,
                                  sort="email:-1")
    assert page.response.total == 5 and page.response.start == 2 and page.response.limit == 2
    assert [u.email for u in page.items] == ["page2@example.com", "page1@example.com"]
    everyone = [u.email for u in manager_api.users.list(q="email:page*", per_page=2, sort="email:1")]
    assert everyone == [f"page{i}@example.com" for i in range(5)], "the pager walks every page"


def test_search_can_pick_fields(manager_api):
    users = list(manager_api.users.list(q=f'email:"{JANE}"', fields="user_id,email",
                                        include_fields=True))
    assert users[0].email == JANE and users[0].name is None and users[0].identities is None


@pytest.mark.scenario("b2c.phase1.profile.metadata")
def test_metadata_patch_merges_top_level_keys_and_null_deletes(manager_api):
    user = create(manager_api, "merge@example.com",
                  user_metadata={"theme": "dark", "addresses": {"home": "1 Main St"}, "lang": "en"},
                  app_metadata={"plan": "gold", "flags": {"beta": True}})
    updated = manager_api.users.update(
        user.user_id, user_metadata={"lang": None, "addresses": {"work": "2 Side St"}, "tz": "UTC"},
        app_metadata={"flags": {"new_ui": True}})
    assert updated.user_metadata == {"theme": "dark", "addresses": {"work": "2 Side St"},
                                     "tz": "UTC"}, "top level merged, nested objects replaced"
    assert updated.app_metadata == {"plan": "gold", "flags": {"new_ui": True}}
    cleared = manager_api.users.update(user.user_id, user_metadata={})
    assert cleared.user_metadata is None, "an empty object removes the metadata"
    assert cleared.app_metadata == {"plan": "gold", "flags": {"new_ui": True}}


@pytest.mark.scenario("b2c.phase1.profile.metadata")
def test_metadata_edits_are_searchable_right_away(manager_api):
    user = create(manager_api, "searchable@example.com")
    manager_api.users.update(user.user_id, app_metadata={"tier": 3, "vip": True, "tags": ["a", "b"]})
    for q in ("app_metadata.tier:3", "app_metadata.vip:true", "app_metadata.tags:b"):
        assert [u.user_id for u in manager_api.users.list(q=q)] == [user.user_id], q


def test_update_profile_email_password_and_block(manager_api, live_tenant):
    user = create(manager_api, "changer@example.com")
    updated = manager_api.users.update(user.user_id, email="Renamed@Example.com", name="Renamed",
                                       email_verified=True, password="Another-Strong-Pass-7")
    assert updated.email == "renamed@example.com" and updated.email_verified is True
    assert updated.name == "Renamed"
    blocked = manager_api.users.update(user.user_id, blocked=True)
    assert blocked.blocked is True
    assert [u.user_id for u in manager_api.users.list(q="blocked:true")] == [user.user_id]
    with pytest.raises(BadRequestError) as taken:
        manager_api.users.update(user.user_id, email=JANE)
    assert taken.value.body["message"] == "The specified new email already exists"


def test_users_by_email(manager_api):
    found = manager_api.users.list_users_by_email(email=JANE)
    assert [u.email for u in found] == [JANE]
    assert manager_api.users.list_users_by_email(email="nobody@example.com") == []


def test_blocked_user_cannot_log_in(manager_api, live_tenant):
    from tests.support.flows import CodeFlow, query_of

    jane = manager_api.users.list_users_by_email(email=JANE)[0]
    manager_api.users.update(jane.user_id, blocked=True)
    web = live_tenant.clients()["Travel0 Web"]
    flow = CodeFlow(live_tenant.http, web["client_id"], "http://localhost:5000/callback",
                    web["client_secret"])
    answer = flow.submit_login(flow.authorize().location, JANE, demo_password(JANE))
    # Auth0: the right password sends the browser back to the app with the reason
    assert answer.status == 302 and answer.location.startswith("http://localhost:5000/callback?")
    assert query_of(answer.location)["error"] == "unauthorized"
    assert query_of(answer.location)["error_description"] == "user is blocked"
