"""The processes `cookbook up` starts and docker-compose.yml runs: the single source of truth.

Every URL inside an environment is derived from the chosen ports, so moving one port moves
every reference to it (issuer, callbacks, logout URLs, API location). Per-install secrets are
not part of ``env``: a service only names them in ``secret_env`` and the runner fills them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from mock_idp.credentials import DEFAULT_SEED, client_credentials

TENANT = "main"
AUDIENCE = "https://api.cookbook.local/"
DEFAULT_STATE_DIR = ".cookbook"
DEFAULT_ENV = "dev"

DEFAULT_PORTS: Mapping[str, int] = MappingProxyType(
    {"main": 4000, "api": 5100, "b2c": 5000, "b2b": 5001, "rewards": 5003, "legacy": 5200,
     "mail": 2580, "smtp": 2525, "custom": 4001, "logsink": 5300,
     "admin": 5002, "acme": 4100}
)
# Tenants on 127.0.0.1, apps on localhost: different sites, as in production (DESIGN §4).
HOSTS: Mapping[str, str] = MappingProxyType(
    {"main": "127.0.0.1", "api": "localhost", "b2c": "localhost", "b2b": "localhost",
     "rewards": "localhost", "legacy": "localhost", "mail": "127.0.0.1", "smtp": "127.0.0.1",
     "logsink": "localhost",
     # The tenant's custom domain: a second listener of the tenant, on another host name.
     "custom": "localhost",
     "admin": "localhost",
     # Acme Corp's own IdP: another tenant, federated into main (enterprise connection acme).
     "acme": "127.0.0.1"}
)
# All clients of tenants/main/tenant.yaml, for the `cookbook up` printout.
TENANT_CLIENTS = (
    "Travel0 Web", "Travel0 Rewards", "Travel0 Mobile", "Travel0 Reports", "Travel0 Management",
    "Travel0 Deploy", "Travel0 Partners",
    "Travel0 Operator Console", "Sunrise Booking Sync",
)

MANAGEMENT_CLIENT = "Travel0 Management"
# Acme Corp's IdP (tenants/acme) and its client for Travel0's tenant: the main tenant's
# enterprise connection `acme` authenticates with that client's credentials.
ACME_TENANT = "acme"
ACME_CLIENT = "Travel0"

# A secret two services must agree on: one value, shared by every service naming it. The
# tenant reads it as the LEGACY_API_SECRET keyword (tenants/env/<env>.json: fromEnv), the
# legacy app as its API secret.
LEGACY_API_SECRET = "LEGACY_API_SECRET"
# Likewise the log stream's bearer secret: the tenant sends it (LOG_SINK_SECRET keyword,
# fromEnv LOGSINK_SECRET), the log sink checks it.
LOGSINK_SECRET = "LOGSINK_SECRET"
SHARED_SECRETS = (LEGACY_API_SECRET, LOGSINK_SECRET)

# One worker process per service: each keeps its state in SQLite.
GUNICORN_OPTIONS = (
    "--workers", "1", "--threads", "8", "--access-logfile", "-",
    # gunicorn >= 25.1 opens a control socket at one shared default path; services need none.
    "--no-control-socket",
)
CONTAINER_LAUNCHER = ("gunicorn",)


@dataclass(frozen=True)
class WebApp:
    """What distinguishes one deployment of the web app code from another."""

    client_name: str
    app_name: str
    description: str
    # How the app authenticates at /oauth/token: the client's token_endpoint_auth_method.
    token_auth_method: str = "client_secret_post"
    package: str = "apps.b2c"  # the app code (its factory is ``<package>:create_app()``)
    prefix: str = "B2C_"  # its settings' environment prefix


WEB_APPS: Mapping[str, WebApp] = MappingProxyType(
    {
        "b2c": WebApp("Travel0 Web", "Travel0", "consumer app (Travel0 storefront)"),
        "rewards": WebApp(
            "Travel0 Rewards", "Travel0 Rewards", "second app of the tenant (SSO demo)",
            token_auth_method="client_secret_basic",
        ),
        "b2b": WebApp("Travel0 Partners", "Travel0 Partners",
                      "B2B portal of partner agencies (organizations)",
                      package="apps.b2b", prefix="B2B_"),
    }
)


@dataclass(frozen=True)
class Service:
    """One process: where it listens, what it runs, when it is ready, its environment."""

    name: str
    description: str
    host: str
    port: int
    factory: str
    ready_path: str
    env: Mapping[str, str] = field(default_factory=dict, hash=False)
    secret_env: tuple[str, ...] = ()
    # Other sockets the process listens on (name → port), e.g. the mail sink's SMTP port.
    extra_ports: Mapping[str, int] = field(default_factory=dict, hash=False)
    # Further HTTP addresses of the same app (host:port), e.g. the tenant's custom domain.
    extra_binds: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ready_url(self) -> str:
        return self.url + self.ready_path

    def argv(self, launcher: Sequence[str] = CONTAINER_LAUNCHER) -> list[str]:
        """The production WSGI server command line, started through ``launcher``."""
        binds = [f"{self.host}:{self.port}", *self.extra_binds]
        return [*launcher, *(arg for bind in binds for arg in ("--bind", bind)),
                *GUNICORN_OPTIONS, self.factory]


def local_launcher() -> tuple[str, ...]:
    """Gunicorn from the interpreter running `cookbook`, so the venv needs no activation."""
    return (sys.executable, "-m", "gunicorn")


def sqlite_url(state_dir: str, name: str) -> str:
    """SQLite file of one service under the state directory (relative to the repo root)."""
    return f"sqlite:///{state_dir}/{name}.db"


def build_services(
    ports: Mapping[str, int] | None = None,
    *,
    state_dir: str = DEFAULT_STATE_DIR,
    seed: str = DEFAULT_SEED,
    env: str = DEFAULT_ENV,
    custom_domain: bool = False,
) -> list[Service]:
    """Every service with its environment, for ``ports`` over the defaults; ``env`` picks the
    tenant keyword file (tenants/env/<env>.json) the mock tenant renders its files with.
    The tenant always serves its custom domain too; ``custom_domain`` makes the apps and the
    API use it as their ``AUTH0_DOMAIN`` (their Management API client stays canonical)."""
    unknown = sorted(set(ports or {}) - set(DEFAULT_PORTS))
    if unknown:
        raise ValueError(f"unknown service(s): {', '.join(unknown)}")
    chosen = {**DEFAULT_PORTS, **(ports or {})}
    urls = {name: f"http://{HOSTS[name]}:{port}" for name, port in chosen.items()}
    urls["tenant"] = urls["custom"] if custom_domain else urls["main"]  # the apps' AUTH0_DOMAIN
    return [
        _tenant(chosen["main"], urls, state_dir, seed, env, smtp_port=chosen["smtp"],
                custom_port=chosen["custom"]),
        _api(chosen["api"], urls, state_dir),
        *(_web_app(name, chosen[name], urls, state_dir, seed) for name in WEB_APPS),
        _legacy(chosen["legacy"], urls, state_dir),
        _mail(chosen["mail"], chosen["smtp"], state_dir),
        _logsink(chosen["logsink"], state_dir),
        _admin(chosen["admin"], urls, state_dir, seed),
        _acme(chosen["acme"], urls, state_dir, seed, env),
    ]


def client_ids(seed: str = DEFAULT_SEED) -> dict[str, str]:
    """Client name → client id of every client of the tenant (secrets stay out)."""
    return {name: client_credentials(TENANT, name, seed)[0] for name in TENANT_CLIENTS}


def _tenant(port: int, urls: Mapping[str, str], state_dir: str, seed: str, env: str, *,
            smtp_port: int, custom_port: int) -> Service:
    keywords = {
        "B2C_URL": urls["b2c"],
        "REWARDS_URL": urls["rewards"],
        "B2B_URL": urls["b2b"],
        "B2B_LOGIN_URI": urls["b2b"] + "/login",  # invitation links start here
        "TENANT_LOGOUT_URLS": [urls["b2c"] + "/"],
        "ERROR_PAGE_URL": urls["b2c"] + "/error",  # the tenant's error_page.url: Travel0's page
        "LEGACY_API_URL": urls["legacy"],  # the Travel0-Classic connection's scripts call it
        # Whatever the environment's provider, a local run delivers to the local mail sink
        # (which takes any login; these are not secrets).
        "SMTP_HOST": HOSTS["smtp"], "SMTP_PORT": smtp_port,
        "SMTP_USER": "travel0-local", "SMTP_PASSWORD": "local-mail-sink",
        "CUSTOM_DOMAINS": [{"domain": urls["custom"], "type": "auth0_managed_certs"}],
        # Whatever the environment's log platform, a local run streams to the local sink.
        "LOG_SINK_URL": urls["logsink"] + "/auth0/logs",
        "ADMIN_URL": urls["admin"],  # the operator console's callback and logout URLs
        **acme_connection_keywords(urls["acme"], seed),
    }
    env = {
        "MOCK_IDP_TENANT_DIR": f"tenants/{TENANT}",
        "MOCK_IDP_ENV": env,
        "MOCK_IDP_KEYWORDS": json.dumps(keywords),
        "MOCK_IDP_PUBLIC_URL": urls["main"],
        "MOCK_IDP_DATABASE_URL": sqlite_url(state_dir, TENANT),
        "MOCK_IDP_CONTROL_PLANE": "true",
        "MOCK_IDP_CREDENTIAL_SEED": seed,
        "MOCK_IDP_MAILBOX_URL": urls["mail"],
    }
    return Service(
        name="main",
        description=f"mock tenant {TENANT}",
        host=HOSTS["main"],
        port=port,
        factory="mock_idp:create_app()",
        ready_path="/testall",
        env=env,
        secret_env=("MOCK_IDP_SECRET_KEY", LEGACY_API_SECRET, LOGSINK_SECRET),
        extra_ports={"custom": custom_port},
        extra_binds=(f"{HOSTS['custom']}:{custom_port}",),
    )


def _api(port: int, urls: Mapping[str, str], state_dir: str) -> Service:
    env = {
        "API_AUTH0_DOMAIN": urls["tenant"],
        "API_AUDIENCE": AUDIENCE,
        "API_DATABASE_URL": sqlite_url(state_dir, "api"),
    }
    return Service(
        name="api",
        description=f"resource server, audience {AUDIENCE}",
        host=HOSTS["api"],
        port=port,
        factory="api:create_app()",
        ready_path="/health",
        env=env,
    )


def _web_app(
    name: str, port: int, urls: Mapping[str, str], state_dir: str, seed: str
) -> Service:
    app = WEB_APPS[name]
    client_id, client_secret = client_credentials(TENANT, app.client_name, seed)
    # The app's back end manages its users (profile, verification email) with this M2M client.
    mgmt_id, mgmt_secret = client_credentials(TENANT, MANAGEMENT_CLIENT, seed)
    settings = {
        "AUTH0_DOMAIN": urls["tenant"],
        "AUTH0_CLIENT_ID": client_id,
        "AUTH0_CLIENT_SECRET": client_secret,
        "AUTH0_AUDIENCE": AUDIENCE,
        "AUTH0_TOKEN_AUTH_METHOD": app.token_auth_method,
        "API_URL": urls["api"],
        "BASE_URL": urls[name],
        "APP_NAME": app.app_name,
        "SESSION_COOKIE_NAME": f"{name}_session",
        "DATABASE_URL": sqlite_url(state_dir, name),
        "MGMT_DOMAIN": urls["main"],  # the Management API audience is always canonical
        "MGMT_CLIENT_ID": mgmt_id,
        "MGMT_CLIENT_SECRET": mgmt_secret,
    }
    return Service(
        name=name,
        description=app.description,
        host=HOSTS[name],
        port=port,
        factory=f"{app.package}:create_app()",
        ready_path="/",
        env={app.prefix + key: value for key, value in settings.items()},
        secret_env=(app.prefix + "SECRET_KEY",),
    )


def _legacy(port: int, urls: Mapping[str, str], state_dir: str) -> Service:
    """Travel0 Classic: the legacy app and user store the tenant migrates members from."""
    env = {
        "LEGACY_DATABASE_URL": sqlite_url(state_dir, "legacy"),
        # The firewall: only the tenant's outbound address may call /api (here: this host).
        "LEGACY_ALLOWED_IPS": "127.0.0.0/8,::1",
        "LEGACY_NEW_APP_URL": urls["b2c"],
        "LEGACY_MIGRATION_CONNECTION": "Travel0-Classic",
    }
    return Service(
        name="legacy",
        description="Travel0 Classic, the legacy app and user store (migration source)",
        host=HOSTS["legacy"],
        port=port,
        factory="apps.legacy:create_app()",
        ready_path="/",
        env=env,
        secret_env=("LEGACY_SECRET_KEY", LEGACY_API_SECRET),
    )


def _mail(port: int, smtp_port: int, state_dir: str) -> Service:
    """The mail sink: SMTP for the tenant's emails, a JSON API the outbox page reads."""
    env = {
        "MAILSINK_SMTP_HOST": HOSTS["smtp"],
        "MAILSINK_SMTP_PORT": str(smtp_port),
        "MAILSINK_DATABASE_URL": sqlite_url(state_dir, "mail"),
    }
    return Service(
        name="mail",
        description=f"mail sink: SMTP {HOSTS['smtp']}:{smtp_port}, read at /_cookbook/mail",
        host=HOSTS["mail"],
        port=port,
        factory="mailsink:create_app()",
        ready_path="/health",
        env=env,
        extra_ports={"smtp": smtp_port},
    )


def _logsink(port: int, state_dir: str) -> Service:
    """The log sink: the webhook the tenant's log stream delivers to, with its page."""
    env = {
        "LOGSINK_DATABASE_URL": sqlite_url(state_dir, "logsink"),
        # The firewall: only the tenant's outbound address may deliver (here: this host).
        "LOGSINK_ALLOWED_IPS": "127.0.0.0/8,::1",
    }
    return Service(
        name="logsink",
        description="log sink: the tenant's log stream webhook, batches at /",
        host=HOSTS["logsink"],
        port=port,
        factory="logsink:create_app()",
        ready_path="/health",
        env=env,
        secret_env=(LOGSINK_SECRET,),
    )


ADMIN_CLIENT = "Travel0 Operator Console"
ADMIN_AUDIENCE = "https://console.travel0.example/"


def _admin(port: int, urls: Mapping[str, str], state_dir: str, seed: str) -> Service:
    """The operator console: its own client logs operators in and, with its client grant,
    calls the Management API; emails it triggers lead to Travel0 Partners."""
    client_id, client_secret = client_credentials(TENANT, ADMIN_CLIENT, seed)
    portal_id, _ = client_credentials(TENANT, WEB_APPS["b2b"].client_name, seed)
    settings = {
        "AUTH0_DOMAIN": urls["tenant"],
        "AUTH0_CLIENT_ID": client_id,
        "AUTH0_CLIENT_SECRET": client_secret,
        "AUTH0_AUDIENCE": ADMIN_AUDIENCE,
        "BASE_URL": urls["admin"],
        "SESSION_COOKIE_NAME": "admin_session",
        "DATABASE_URL": sqlite_url(state_dir, "admin"),
        "PORTAL_CLIENT_ID": portal_id,
        "MGMT_DOMAIN": urls["main"],  # the Management API audience is always canonical
    }
    return Service(
        name="admin",
        description="Travel0 Operator Console (operators: provisioning, delegated admin)",
        host=HOSTS["admin"],
        port=port,
        factory="apps.admin:create_app()",
        ready_path="/",
        env={"ADMIN_" + key: value for key, value in settings.items()},
        secret_env=("ADMIN_SECRET_KEY",),
    )


def acme_connection_keywords(acme_url: str, seed: str) -> dict:
    """The main tenant's enterprise connection `acme`, pointed at the local Acme IdP. The
    client secret is derived from the seed as Acme's tenant derives it, never written down."""
    client_id, secret = client_credentials(ACME_TENANT, ACME_CLIENT, seed)
    return {"ACME_DISCOVERY_URL": acme_url + "/.well-known/openid-configuration",
            "ACME_OIDC_CLIENT_ID": client_id, "ACME_OIDC_CLIENT_SECRET": secret}


def _acme(port: int, urls: Mapping[str, str], state_dir: str, seed: str, env: str) -> Service:
    """Acme Corp's own IdP: a second mock tenant whose one relying party is the main tenant
    (on its canonical domain and its custom domain, the two places /login/callback lives)."""
    keywords = {"ACME_RP_CALLBACKS": [urls["main"] + "/login/callback",
                                      urls["custom"] + "/login/callback"]}
    env_vars = {
        "MOCK_IDP_TENANT_DIR": f"tenants/{ACME_TENANT}",
        "MOCK_IDP_ENV": env,
        "MOCK_IDP_KEYWORDS": json.dumps(keywords),
        "MOCK_IDP_PUBLIC_URL": urls["acme"],
        "MOCK_IDP_DATABASE_URL": sqlite_url(state_dir, ACME_TENANT),
        "MOCK_IDP_CONTROL_PLANE": "true",
        "MOCK_IDP_CREDENTIAL_SEED": seed,
    }
    return Service(
        name=ACME_TENANT,
        description="mock tenant acme: Acme Corp's own IdP (enterprise OIDC)",
        host=HOSTS["acme"],
        port=port,
        factory="mock_idp:create_app()",
        ready_path="/testall",
        env=env_vars,
        secret_env=("MOCK_IDP_SECRET_KEY",),
    )
