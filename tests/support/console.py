"""The operator console on a live server against a live mock tenant, driven like a browser
with ``requests`` (no Playwright): for the console's mock and security tiers.

``ConsoleStack.log_in(email)`` runs the whole Universal Login code flow for a demo operator
and returns a :class:`ConsoleSession` (a ``requests.Session`` with the console's cookie) whose
``post`` sends the page's CSRF token unless told otherwise. ``fault(...)`` arms a one-shot
refusal of the tenant through its control plane (``/_cookbook/faults``).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

import requests

from apps.admin import create_app as create_admin
from mock_idp import create_app as create_tenant
from tests.support.flows import hidden_fields
from tests.support.servers import LiveServer
from tests.support.target import MockTarget
from tests.support.tenant import demo_password

ADMIN_CLIENT = "Travel0 Operator Console"
PORTAL_CLIENT = "Travel0 Partners"
ADMIN_AUDIENCE = "https://console.travel0.example/"
ADA, SOL, ARI, NIA = ("ada@ops.travel0.example", "sol@ops.travel0.example",
                      "ari@ops.travel0.example", "nia@ops.travel0.example")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class ConsoleSession(requests.Session):
    """One operator's browser: cookies for the console, CSRF token from the last page."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base
        self.csrf = ""

    def page(self, path: str, **kwargs) -> requests.Response:
        response = self.get(self.base + path, allow_redirects=False, timeout=15, **kwargs)
        found = CSRF.search(response.text)
        if found:
            self.csrf = unescape(found.group(1))
        return response

    def submit(self, path: str, data: dict | None = None, csrf: bool = True,
               **kwargs) -> requests.Response:
        """POST a form as the page would (with the CSRF token unless ``csrf=False``)."""
        if not self.csrf and csrf:
            self.page("/logout")  # a page with forms, hence the session's CSRF token
        body = {**({"csrf_token": self.csrf} if csrf else {}), **(data or {})}
        return self.post(self.base + path, data=body, allow_redirects=False, timeout=30,
                         **kwargs)


class ConsoleStack:
    """A mock tenant (outbox mailer) and the console, each on its own live server."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.target = MockTarget(workdir)
        self.server = LiveServer("localhost")
        self.url = self.server.url
        # The tenant as MockTarget makes it, minus log streams (no sink here); mail stays in
        # its outbox. The Management API's rate limit is out of the way: the module's tests
        # share one console client, and a busy machine must not turn them into 429s.
        self.target.app = create_tenant({
            "PUBLIC_URL": self.target.base_url, "SECRET_KEY": "console-tests",
            "MGMT_RATE_LIMIT": 10**6, "MGMT_RATE_REFILL": 10**6,
            "DATABASE_URL": f"sqlite:///{workdir}/tenant.db", "BCRYPT_ROUNDS": 4,
            "LOG_STREAMS": False, "MAILER": "outbox",
            "KEYWORDS": {"ADMIN_URL": self.url, "B2B_URL": "http://localhost:5001",
                         "B2B_LOGIN_URI": "http://localhost:5001/login"}})
        self.target.server.start(self.target.app)
        self.tenant_url = self.target.base_url
        client_id, secret = self.target.credentials(ADMIN_CLIENT)
        self.app = create_admin({
            "AUTH0_DOMAIN": self.tenant_url, "AUTH0_CLIENT_ID": client_id,
            "AUTH0_CLIENT_SECRET": secret, "BASE_URL": self.url,
            "AUTH0_AUDIENCE": ADMIN_AUDIENCE,
            "DATABASE_URL": f"sqlite:///{workdir}/admin.db",
            "PORTAL_CLIENT_ID": self.target.credentials(PORTAL_CLIENT)[0]})
        self.server.start(self.app)

    def log_in(self, email: str, password: str | None = None) -> ConsoleSession:
        """The code flow through Universal Login, as a browser would follow it."""
        browser = ConsoleSession(self.url)
        answer = self.attempt_login(browser, email, password)
        assert answer.status_code == 302 and answer.headers["Location"] in ("/", self.url + "/"), (
            f"login of {email} failed: {answer.status_code} {answer.text[:300]}")
        browser.page("/")
        return browser

    def attempt_login(self, browser: requests.Session, email: str,
                      password: str | None = None) -> requests.Response:
        """Follow redirects from the console's /login to the tenant's login form, submit it,
        and return the console's answer to the callback (or the tenant's refusal)."""
        response = browser.get(self.url + "/login", allow_redirects=False, timeout=15)
        while response.status_code == 302 and "/u/login" not in response.headers["Location"]:
            response = browser.get(urljoin(response.url, response.headers["Location"]),
                                   allow_redirects=False, timeout=15)
        login_url = urljoin(response.url, response.headers["Location"])
        form = browser.get(login_url, timeout=15)
        answer = browser.post(urljoin(form.url, "/u/login"), allow_redirects=False, timeout=15,
                              data={**hidden_fields(form.text), "username": email,
                                    "password": password or demo_password(email),
                                    "action": "default"})
        while answer.status_code == 302 and not answer.headers["Location"].startswith(
                self.url + "/callback"):
            location = urljoin(answer.url, answer.headers["Location"])
            if location.startswith(self.url):
                return answer
            answer = browser.get(location, allow_redirects=False, timeout=15)
        if answer.status_code != 302:
            return answer
        return browser.get(answer.headers["Location"], allow_redirects=False, timeout=15)

    def management_token(self) -> str:
        """A Management API token of the console's own client grant (for checks from tests)."""
        client_id, secret = self.target.credentials(ADMIN_CLIENT)
        answer = requests.post(self.tenant_url + "/oauth/token", timeout=10, data={
            "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
            "audience": self.tenant_url + "/api/v2/"})
        assert answer.status_code == 200, answer.text
        return answer.json()["access_token"]

    def mgmt(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.management_token()}"}
        return requests.request(method, self.tenant_url + "/api/v2" + path, headers=headers,
                                timeout=10, **kwargs)

    def user_id(self, email: str) -> str:
        found = self.mgmt("GET", "/users-by-email", params={"email": email}).json()
        assert found, f"no user {email}"
        return found[0]["user_id"]

    def fault(self, method: str, path: str, status: int = 429, **extra) -> None:
        answer = requests.post(self.tenant_url + "/_cookbook/faults", timeout=5,
                               json={"method": method, "path": path, "status": status, **extra})
        assert answer.status_code == 201, answer.text

    def stop(self) -> None:
        self.server.stop()
        for key in ("cookbook_sessions", "cookbook_management", "admin.db"):
            self.app.extensions[key].dispose()
        self.target.stop()


def console_fixture(tmp_path_factory):
    """Body of a module-scoped ``console`` fixture: one tenant and console per test module."""
    stack = ConsoleStack(tmp_path_factory.mktemp("console"))
    yield stack
    stack.stop()
