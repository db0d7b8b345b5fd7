"""The whole suite on live servers: a tenant (mock or real), the API, and the web apps.

Sockets are bound first so every URL (issuer, callbacks, API location) is known before
any app is built; all ports are chosen by the OS unless the target needs fixed ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api import create_app as create_api
from apps.admin import create_app as create_admin
from apps.b2b import create_app as create_b2b
from apps.b2c import create_app as create_b2c
from apps.legacy import create_app as create_legacy
from mock_idp import create_app as create_tenant
from mock_idp.db import dispose as dispose_tenant
from tests.support.acme import acme_settings, main_keywords
from tests.support.fixtures import tenant_overrides
from tests.support.logsink import LogSink
from tests.support.mail import MailSink
from tests.support.servers import LiveServer
from tests.support.target import APP_CLIENTS, APP_URL_KEYWORDS
from tests.support.tenant import AUDIENCE

MANAGEMENT_CLIENT = "Travel0 Management"  # the apps' back ends manage users with it
LEGACY_API_SECRET = "integration-legacy-api-secret"  # Travel0 Classic's API, for the tenant
APP_SETTINGS = {
    "b2c": {"APP_NAME": "Travel0", "SESSION_COOKIE_NAME": "b2c_session",
            "AUTH0_TOKEN_AUTH_METHOD": "client_secret_post"},
    "rewards": {"APP_NAME": "Travel0 Rewards", "SESSION_COOKIE_NAME": "rewards_session",
                "AUTH0_TOKEN_AUTH_METHOD": "client_secret_basic"},
    "b2b": {"APP_NAME": "Travel0 Partners", "SESSION_COOKIE_NAME": "b2b_session",
            "AUTH0_TOKEN_AUTH_METHOD": "client_secret_post"},
    "admin": {"APP_NAME": "Travel0 Operator Console", "SESSION_COOKIE_NAME": "admin_session",
              "AUTH0_TOKEN_AUTH_METHOD": "client_secret_post"},
}
FACTORIES = {"b2c": create_b2c, "rewards": create_b2c, "b2b": create_b2b, "admin": create_admin}
ADMIN_AUDIENCE = "https://console.travel0.example/"  # the operator console's own API


@dataclass
class Stack:
    target: object
    tenant_url: str
    api_url: str
    app_urls: dict[str, str]
    servers: list = field(default_factory=list)
    apps: list = field(default_factory=list)
    mail_sink: MailSink | None = None
    legacy_url: str = ""  # Travel0 Classic, the migration source (mock target only)
    legacy_app: object = None
    log_sink: LogSink | None = None  # where the mock tenant's log stream delivers
    acme_url: str = ""  # Acme Corp's own IdP, federated into the tenant (mock target only)
    acme_app: object = None


    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        if self.mail_sink is not None:
            self.mail_sink.stop()
        if self.log_sink is not None:
            self.log_sink.stop()
        if self.acme_app is not None:
            dispose_tenant(self.acme_app)
        for app in self.apps:
            for key in ("api.db", "cookbook_sessions", "cookbook_management", "admin.db"):
                if key in app.extensions:
                    app.extensions[key].dispose()
            if "legacy.db" in app.extensions:
                app.extensions["legacy.db"].kw["bind"].dispose()
        self.target.stop()


def start_stack(target, workdir, keywords: dict | None = None,
                auth0_domain: str | None = None) -> Stack:
    """Start tenant, API and both web apps; ``keywords`` adjust the tenant files (mock only).

    ``auth0_domain``: what the API and the apps use as ``AUTH0_DOMAIN`` (e.g. the tenant's
    custom domain); their Management API client keeps the canonical domain, as deployed.
    """
    app_servers = {name: LiveServer("localhost", target.app_port(name)) for name in APP_CLIENTS}
    api_server = LiveServer("localhost")
    legacy_server = LiveServer("localhost")
    app_urls = {name: server.url for name, server in app_servers.items()}
    sink = MailSink(workdir)  # the mock tenant's SMTP server; a real tenant has its own
    log_sink = LogSink(workdir)  # its log stream's webhook (a real tenant's is in env/*.json)
    acme = start_acme(target, workdir)
    try:
        tenant_url = target.start({
            **{APP_URL_KEYWORDS[name]: url for name, url in app_urls.items()},
            "B2B_LOGIN_URI": app_urls["b2b"] + "/login",
            "TENANT_LOGOUT_URLS": [app_urls["b2c"] + "/"],
            "ERROR_PAGE_URL": app_urls["b2c"] + "/error",
            "LEGACY_API_URL": legacy_server.url, "LEGACY_API_SECRET": LEGACY_API_SECRET,
            **log_sink.keywords(), **(acme.keywords if acme else {}), **(keywords or {}),
        }, mail_sink=sink)
    except BaseException:
        sink.stop()
        log_sink.stop()
        if acme is not None:
            acme.stop()
        raise
    stack = Stack(target, tenant_url, api_server.url, app_urls,
                  servers=[api_server, *app_servers.values(), legacy_server], mail_sink=sink,
                  legacy_url=legacy_server.url, log_sink=log_sink)
    if acme is not None:
        stack.servers.append(acme.server)
        stack.acme_url, stack.acme_app = acme.server.url, acme.app
    try:
        _start_services(stack, api_server, app_servers, workdir, auth0_domain or tenant_url)
        stack.legacy_app = create_legacy({
            "DATABASE_URL": f"sqlite:///{workdir}/legacy.db", "API_SECRET": LEGACY_API_SECRET,
            "NEW_APP_URL": app_urls["b2c"]})
        stack.apps.append(stack.legacy_app)
        legacy_server.start(stack.legacy_app)
    except BaseException:
        stack.stop()
        raise
    return stack


@dataclass
class _Acme:
    server: LiveServer
    app: object
    keywords: dict

    def stop(self) -> None:
        self.server.stop()
        dispose_tenant(self.app)


def start_acme(target, workdir) -> _Acme | None:
    """Acme Corp's IdP for a mock target, whose one relying party is that tenant (on its
    own domain and its custom domain, when it has one); a real tenant federates with the
    IdP its environment names (tenants/env/<env>.json), so none starts here."""
    if target.name != "mock":
        return None
    server = LiveServer("127.0.0.1")
    urls = [target.base_url] + ([target.custom_domain_url] if target.custom_server else [])
    settings = acme_settings(urls[0])
    settings["KEYWORDS"] = {"ACME_RP_CALLBACKS": [url + "/login/callback" for url in urls]}
    (workdir / "acme").mkdir(exist_ok=True)
    app = create_tenant({**tenant_overrides(workdir / "acme"), "PUBLIC_URL": server.url,
                         "BCRYPT_ROUNDS": 4, **settings})
    server.start(app)
    return _Acme(server, app, main_keywords(server.url))


def _start_services(stack: Stack, api_server, app_servers: dict, workdir, domain: str) -> None:
    tenant_url, target = stack.tenant_url, stack.target
    api = create_api({"AUTH0_DOMAIN": domain, "AUDIENCE": AUDIENCE,
                      "DATABASE_URL": f"sqlite:///{workdir}/api.db"})
    stack.apps.append(api)
    api_server.start(api)
    mgmt_id, mgmt_secret = target.credentials(MANAGEMENT_CLIENT)
    for name, server in app_servers.items():
        client_id, secret = target.credentials(APP_CLIENTS[name])
        app = FACTORIES[name]({
            "AUTH0_DOMAIN": domain, "AUTH0_CLIENT_ID": client_id, "AUTH0_CLIENT_SECRET": secret,
            "AUTH0_AUDIENCE": AUDIENCE, "API_URL": api_server.url, "BASE_URL": server.url,
            "DATABASE_URL": f"sqlite:///{workdir}/{name}.db", **APP_SETTINGS[name],
            "MGMT_DOMAIN": tenant_url, "MGMT_CLIENT_ID": mgmt_id, "MGMT_CLIENT_SECRET": mgmt_secret,
            **(_admin_settings(target, client_id, secret) if name == "admin" else {}),
        })
        stack.apps.append(app)
        server.start(app)


def _admin_settings(target, client_id: str, secret: str) -> dict:
    """The operator console: its own audience, its own Management API grant (the same client),
    and Travel0 Partners as the app its emails lead to."""
    return {"AUTH0_AUDIENCE": ADMIN_AUDIENCE, "MGMT_CLIENT_ID": client_id,
            "MGMT_CLIENT_SECRET": secret,
            "PORTAL_CLIENT_ID": target.credentials(APP_CLIENTS["b2b"])[0]}
