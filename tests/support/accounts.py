"""Account flows over HTTP for tests: sign-up (page and API), reset, verification, and a
Management API token, against a tenant reached through ``FlaskHttp`` or ``RequestsHttp``."""

from __future__ import annotations

import re

from tests.support.flows import CodeFlow, Resp, hidden_fields

DB = "Username-Password-Authentication"
HEADING = re.compile(r'<h1 id="prompt-heading">(.*?)</h1>', re.DOTALL)


def heading(page: Resp) -> str:
    found = HEADING.search(page.text)
    return found.group(1).strip() if found else ""


def api_signup(http, client_id: str, email: str, password: str, **extra) -> Resp:
    """``POST /dbconnections/signup`` as an application's back end would call it."""
    return http.post("/dbconnections/signup", json={
        "client_id": client_id, "email": email, "password": password, "connection": DB, **extra})


def page_signup(http, flow: CodeFlow, email: str, password: str) -> Resp:
    """The Universal Login sign-up page, as a browser fills it."""
    page = http.get(flow.authorize(screen_hint="signup").location)
    return http.post("/u/signup", data={**hidden_fields(page.text), "email": email,
                                        "password": password, "action": "default"})


def request_reset(http, email: str, state: str | None = None) -> Resp:
    """"Forgot password?": the request page, then its form."""
    page = http.get("/u/reset-password/request", params={"state": state} if state else None)
    return http.post("/u/reset-password/request", data={**hidden_fields(page.text),
                                                        "email": email, "action": "default"})


def reset_password(http, link: str, password: str, again: str | None = None) -> Resp:
    """Open a reset link and submit the new password (twice)."""
    page = http.get(link)
    assert page.status == 200, page.text
    return http.post("/u/reset-password", data={
        **hidden_fields(page.text), "password-reset": password,
        "re-enter-password": password if again is None else again, "action": "default"})


def management_token(http, clients: dict, issuer: str = "http://127.0.0.1:4000/") -> str:
    """A Management API token of the Travel0 Management client (its grant in tenant.yaml)."""
    client = clients["Travel0 Management"]
    answer = http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": client["client_id"],
        "client_secret": client["client_secret"], "audience": issuer + "api/v2/"})
    assert answer.status == 200, answer.text
    return answer.json()["access_token"]
