"""Junk sent to every route and form of the operator console by a signed-in admin: search
text the tenant's Lucene parser cannot read, NUL and control characters, oversize values,
repeated and missing parameters, malformed and unknown ids, wrong methods, a missing CSRF
token. Each gets a 4xx page (or the page with a clear problem) and never a 500; the tenant
keeps its users and organizations."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.support.console import ADA
from tests.support.orgs import BEN

pytestmark = [pytest.mark.security, pytest.mark.scenario("b2b.phase1.profile.admin-portal")]
JUNK = ["\x00", "a\x00b", "\x1b[31m", "x" * 5000, "é😀", "\u202e", "<script>", "%", "*",
        "email:", 'email:"', "(((", "email:[a TO", "name:\\", "]", "a:b:c", "AND OR", "?",
        "\\", "logins_count:[1 TO x]", "-", "NOT", "user_id:*"]
BAD_IDS = ["%00", "a%00b", "x" * 300, "%C3%A9%F0%9F%98%80", "..%2F..%2Fusers", "%0D%0AX:y"]
USER_FORMS = ["block", "unblock", "password-reset", "verification-email",
              "remove-from-organization", "delete"]


@pytest.fixture(scope="module")
def ada(console):
    return console.log_in(ADA)


def snapshot(console) -> tuple:
    users = console.mgmt("GET", "/users", params={"per_page": 100}).json()
    orgs = console.mgmt("GET", "/organizations", params={"per_page": 100}).json()
    return (sorted((u["user_id"], bool(u.get("blocked"))) for u in users),
            sorted(o["id"] for o in orgs))


def clear(response, *statuses: int) -> None:
    """Not a 500, one of ``statuses``, and a page that says something."""
    assert response.status_code < 500, response.text[:500]
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert "<h1" in response.text, response.text[:300]


def test_junk_search_text_and_pages_are_answered_clearly(console, ada):
    for text in JUNK:
        for page in ("0", "-1", "x", "9" * 30):
            response = ada.page(f"/users?q={quote(text, safe='')}&page={quote(page)}")
            clear(response, 200, 400)
            if response.status_code == 400:
                assert "did not accept this search" in response.text, text
    clear(ada.page("/users?q=a&q=b&page=1&page=2"), 200)
    clear(ada.page("/users?q="), 200)


def test_junk_audit_filters_are_answered_clearly(ada):
    for text in JUNK:
        clear(ada.page(f"/audit?target={quote(text, safe='')}&page=x"), 200)
    clear(ada.page("/audit?page=" + "9" * 30), 200)


def test_malformed_or_unknown_ids_are_not_found_and_change_nothing(console, ada):
    before = snapshot(console)
    for bad in BAD_IDS + ["auth0|nobody0000000000000"]:
        clear(ada.page(f"/users/{bad}"), 404)
        clear(ada.page(f"/provisioning/{bad}"), 404)
        clear(ada.submit(f"/provisioning/{bad}/retry"), 404)
        for form in USER_FORMS:
            answer = ada.submit(f"/users/{bad}/{form}", {"org_id": "org_x1", "confirm": "delete"})
            clear(answer, 404)
    assert snapshot(console) == before


def test_junk_form_fields_on_user_actions_are_refused(console, ada):
    before = snapshot(console)
    victim = console.user_id(BEN)
    for value in JUNK + ["", "org_" + "a" * 70, "org_x\x00"]:
        clear(ada.submit(f"/users/{victim}/remove-from-organization", {"org_id": value}), 400)
        clear(ada.submit(f"/users/{victim}/delete", {"confirm": value}), 400)
    assert snapshot(console) == before


def test_junk_provisioning_forms_are_form_errors(console, ada):
    before = snapshot(console)
    fields = ["name", "display_name", "primary_color", "page_background", "tier", "region",
              "connection", "admin_email", "admin_mode"]
    for value in JUNK + [""]:
        clear(ada.submit("/organizations", {field: value for field in fields}), 400)
    repeated = [(field, "x") for field in fields] * 2 + [("csrf_token", ada.csrf)]
    clear(ada.post(ada.base + "/organizations", data=repeated, timeout=30), 400)
    assert snapshot(console) == before


def test_wrong_methods_and_missing_csrf_tokens_are_refused(console, ada):
    before = snapshot(console)
    victim = console.user_id(BEN)
    for path in ("/", "/users", "/audit", "/organizations/new", f"/users/{victim}"):
        clear(ada.submit(path), 405)
    for form in USER_FORMS:
        clear(ada.page(f"/users/{victim}/{form}"), 405)
        answer = ada.submit(f"/users/{victim}/{form}", {"confirm": "delete"}, csrf=False)
        clear(answer, 400)
        clear(ada.submit(f"/users/{victim}/{form}", {"csrf_token": "forged",
                                                     "confirm": "delete"}, csrf=False), 400)
    clear(ada.submit("/organizations", {"name": "nocsrf"}, csrf=False), 400)
    assert snapshot(console) == before
