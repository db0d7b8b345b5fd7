"""Tickets, import and verification jobs, user blocks, logs and signing keys through the
official auth0-python client."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

import bcrypt
import pytest
from argon2 import PasswordHasher
from auth0.management.errors import NotFoundError, UnauthorizedError
from joserfc import jwt
from joserfc.jwk import KeySet

from mock_idp.management import blocks, tickets
from tests.support.flows import CodeFlow
from tests.support.tenant import AUDIENCE, JANE, demo_password

pytestmark = pytest.mark.mock

DB = "Username-Password-Authentication"


def jane(api):
    return api.users.list_users_by_email(email=JANE)[0]


def ticket_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["ticket"][0]


def test_password_change_ticket_is_single_use(manager_api, live_tenant):
    user = jane(manager_api)
    answer = manager_api.tickets.change_password(user_id=user.user_id, ttl_sec=300,
                                                 result_url="http://localhost:5000/")
    assert answer.ticket.startswith(f"{live_tenant.url}/u/reset-password?ticket=")
    with live_tenant.app.app_context():
        redeemed = tickets.redeem(tickets.PASSWORD_CHANGE, ticket_of(answer.ticket))
        assert redeemed.user_id == user.user_id and redeemed.result_url == "http://localhost:5000/"
        with pytest.raises(tickets.TicketError) as again:
            tickets.redeem(tickets.PASSWORD_CHANGE, ticket_of(answer.ticket))
        assert again.value.reason == "used"


def test_tickets_expire_and_keep_to_their_kind(manager_api, live_tenant):
    user = jane(manager_api)
    verify = manager_api.tickets.verify_email(user_id=user.user_id, ttl_sec=60)
    assert verify.ticket.startswith(f"{live_tenant.url}/u/email-verification?ticket=")
    with live_tenant.app.app_context():
        with pytest.raises(tickets.TicketError) as wrong_kind:
            tickets.redeem(tickets.PASSWORD_CHANGE, ticket_of(verify.ticket))
        assert wrong_kind.value.reason == "invalid"
        live_tenant.app.extensions["mock_idp.clock"].advance(61)
        with pytest.raises(tickets.TicketError) as late:
            tickets.redeem(tickets.EMAIL_VERIFICATION, ticket_of(verify.ticket))
        assert late.value.reason == "expired"
    assert manager_api.tickets.change_password(
        email=JANE, connection_id=next(c.id for c in manager_api.connections.list()
                                       if c.name == DB)).ticket


def import_file(records: list[dict]) -> tuple:
    return ("users.json", json.dumps(records).encode(), "application/json")


def test_import_job_keeps_bcrypt_and_argon2_hashes(manager_api, live_tenant):
    connection = next(c for c in manager_api.connections.list() if c.name == DB)
    records = [
        {"email": "bcrypt@import.example", "email_verified": True,
         "custom_password_hash": {"algorithm": "bcrypt", "hash": {
             "value": bcrypt.hashpw(b"Imported-Bcrypt-1", bcrypt.gensalt(4)).decode()}}},
        {"email": "argon@import.example", "email_verified": True, "app_metadata": {"src": "legacy"},
         "custom_password_hash": {"algorithm": "argon2", "hash": {
             "value": PasswordHasher().hash("Imported-Argon2-1")}}},
        {"email": "not-an-email", "name": "Broken"},
        {"email": JANE},
    ]
    job = manager_api.jobs.users_imports.create(users=import_file(records), connection_id=connection.id,
                                                external_id="batch-1")
    assert job.status == "pending" and job.type == "users_import" and job.external_id == "batch-1"
    done = live_tenant.wait_for_job(manager_api, job.id)
    assert done.status == "completed"
    assert (done.summary.inserted, done.summary.updated, done.summary.failed, done.summary.total) == (2, 0, 2, 4)
    errors = manager_api.jobs.errors.get(job.id)
    assert [e.errors[0].code for e in errors] == ["INVALID_FORMAT", "DUPLICATED_USER"]
    assert errors[0].user["email"] == "not-an-email"

    web = live_tenant.clients()["Travel0 Web"]
    for email, password in (("bcrypt@import.example", "Imported-Bcrypt-1"),
                            ("argon@import.example", "Imported-Argon2-1")):
        flow = CodeFlow(live_tenant.http, web["client_id"], "http://localhost:5000/callback",
                        web["client_secret"])
        assert "id_token" in flow.login(email, password), f"{email} logs in with the old password"
    assert [u.email for u in manager_api.users.list(q="app_metadata.src:legacy")] == ["argon@import.example"]


def test_import_with_upsert_updates_existing_users(manager_api, live_tenant):
    connection = next(c for c in manager_api.connections.list() if c.name == DB)
    job = manager_api.jobs.users_imports.create(
        users=import_file([{"email": JANE, "given_name": "Janet", "app_metadata": {"tier": 2}}]),
        connection_id=connection.id, upsert=True, send_completion_email=True)
    done = live_tenant.wait_for_job(manager_api, job.id)
    assert done.summary.updated == 1 and done.summary.inserted == 0
    assert jane(manager_api).given_name == "Janet" and jane(manager_api).app_metadata == {"tier": 2}
    assert manager_api.jobs.errors.get(job.id) is None, "no errors: an empty answer"
    mail = live_tenant.wait_for_mail(template="import_completed")  # sent once the job ends
    assert mail[0]["template"] == "import_completed" and job.id in mail[0]["text"]


def test_a_malformed_import_file_fails_the_job(manager_api, live_tenant):
    connection = next(c for c in manager_api.connections.list() if c.name == DB)
    job = manager_api.jobs.users_imports.create(users=("users.json", b"{not json", "application/json"),
                                                connection_id=connection.id)
    done = live_tenant.wait_for_job(manager_api, job.id)
    assert done.status == "failed" and done.status_details == "The users file is not valid JSON"
    assert manager_api.jobs.errors.get(job.id).status == "failed"


def test_verification_email_job_sends_a_ticket_to_the_outbox(manager_api, live_tenant):
    user = jane(manager_api)
    job = manager_api.jobs.verification_email.create(user_id=user.user_id)
    assert job.type == "verification_email"
    assert live_tenant.wait_for_job(manager_api, job.id).status == "completed"
    mail = live_tenant.http.get("/_cookbook/outbox", params={"to": JANE}).json()
    assert mail[0]["template"] == "verify_email"
    url = mail[0]["data"]["url"]
    with live_tenant.app.app_context():
        assert tickets.redeem(tickets.EMAIL_VERIFICATION, ticket_of(url)).user_id == user.user_id


def test_user_blocks_are_listed_and_cleared(manager_api, live_tenant):
    with live_tenant.app.app_context(), live_tenant.app.extensions["mock_idp.db"]() as db:
        blocks.block(db, JANE, "10.0.0.7", DB, now=0)
        assert blocks.is_blocked(db, JANE, "10.0.0.7") and not blocks.is_blocked(db, JANE, "10.0.0.8")
    found = manager_api.user_blocks.list_by_identifier(identifier=JANE)
    assert [(b.identifier, b.ip, b.connection) for b in found.blocked_for] == [(JANE, "10.0.0.7", DB)]
    assert manager_api.user_blocks.list(jane(manager_api).user_id).blocked_for[0].ip == "10.0.0.7"
    manager_api.user_blocks.delete_by_identifier(identifier=JANE)
    assert manager_api.user_blocks.list_by_identifier(identifier=JANE).blocked_for == []


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_logs_search_paging_and_lookup(manager_api, live_tenant):
    manager_api.users.create(connection=DB, email="logged@example.com",
                             password="Sturdy-Record-Pass-1", verify_email=False)
    page = manager_api.logs.list(include_totals=True, per_page=2, search="type:sapi")
    assert page.response.total >= 1 and all(log.type == "sapi" for log in page.items)
    exchanges = list(manager_api.logs.list(search='type:seccft AND client_name:"Travel0 Management"'))
    assert exchanges and exchanges[0].client_name == "Travel0 Management"
    one = manager_api.logs.get(exchanges[0].log_id)
    assert one.log_id == exchanges[0].log_id and one.type == "seccft"
    with pytest.raises(NotFoundError):
        manager_api.logs.get("900000000000000000000000000000000000000000000000000000")


@pytest.mark.scenario("b2c.phase1.operations.logging")
def test_logs_checkpoint_paging_and_user_logs(manager_api, live_tenant):
    user = jane(manager_api)
    flow_client = live_tenant.clients()["Travel0 Web"]
    CodeFlow(live_tenant.http, flow_client["client_id"], "http://localhost:5000/callback",
             flow_client["client_secret"]).login(JANE, demo_password(JANE))
    first = live_tenant.api("GET", "/logs", live_tenant.token(), params={"from": "", "take": 2}).json()
    after = live_tenant.api("GET", "/logs", live_tenant.token(),
                            params={"from": first[-1]["log_id"], "take": 100}).json()
    assert len(first) == 2 and first[-1]["log_id"] < after[0]["log_id"], "oldest first, after the mark"
    mine = list(manager_api.users.logs.list(user.user_id))
    assert {"s", "seacft"} <= {log.type for log in mine} and all(l.user_id == user.user_id for l in mine)


def test_key_rotation_keeps_old_tokens_valid_until_revoked(manager_api, live_tenant):
    web = live_tenant.clients()["Travel0 Web"]

    def login() -> dict:
        return CodeFlow(live_tenant.http, web["client_id"], "http://localhost:5000/callback",
                        web["client_secret"]).login(JANE, demo_password(JANE), audience=AUDIENCE)

    def kid(token: str) -> str:
        header = token.split(".")[0]
        return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]

    def userinfo(token: str) -> int:
        return live_tenant.http.get("/userinfo", headers={"Authorization": f"Bearer {token}"}).status

    before = login()
    [original] = manager_api.keys.signing.list()
    assert original.current is True and original.cert.startswith("-----BEGIN CERTIFICATE-----")
    assert original.thumbprint == original.fingerprint.replace(":", "")
    rotated = manager_api.keys.signing.rotate()
    assert rotated.kid != original.kid
    after = login()
    assert kid(before["id_token"]) == original.kid and kid(after["id_token"]) == rotated.kid
    jwks = KeySet.import_key_set(live_tenant.http.get("/.well-known/jwks.json").json())
    jwt.decode(before["id_token"], jwks, algorithms=["RS256"])  # still verifies
    assert userinfo(before["access_token"]) == 200
    previous = manager_api.keys.signing.get(original.kid)
    assert previous.previous is True and previous.current is False

    fresh = live_tenant.sdk(live_tenant.token())  # signed with the new key
    revoked = fresh.keys.signing.revoke(original.kid)
    assert revoked.kid == original.kid and fresh.keys.signing.get(original.kid).revoked is True
    published = {key["kid"] for key in live_tenant.http.get("/.well-known/jwks.json").json()["keys"]}
    assert published == {rotated.kid}
    assert userinfo(before["access_token"]) == 401, "what the revoked key signed stops verifying"
    assert userinfo(after["access_token"]) == 200
    with pytest.raises(UnauthorizedError):
        manager_api.keys.signing.list()  # its token was signed with the revoked key too
