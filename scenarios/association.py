"""Which applications and APIs live in which tenant, from the service list and the tenant files:
what `cookbook up` prints and what the tenant-association topic of the catalog explains.

One tenant (``main``) serves every Travel0 app, so a login at one is a session at all (SSO);
business customers are Organizations inside it, not tenants of their own; the legacy app and
the mail sink belong to no tenant: the tenant calls them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from mock_idp.tenant import TenantFileError, load_tenant
from scenarios.services import (
    ACME_CLIENT,
    ACME_TENANT,
    ADMIN_AUDIENCE,
    ADMIN_CLIENT,
    AUDIENCE,
    MANAGEMENT_CLIENT,
    TENANT,
    WEB_APPS,
    Service,
)

MANAGEMENT_API = "Auth0 Management API"


def _tenant_files(root: Path, tenant: Service) -> dict:
    """The tenant files as the running tenant reads them; secrets are not needed to list
    names, so every ``fromEnv`` value is stood in for."""
    env = tenant.env.get("MOCK_IDP_ENV", "dev")
    stored = json.loads((root / "tenants" / "env" / f"{env}.json").read_text())
    stand_ins = {key: "(secret)" for key, value in stored.items() if isinstance(value, dict)}
    keywords = {**stand_ins, **json.loads(tenant.env.get("MOCK_IDP_KEYWORDS", "{}"))}
    return load_tenant(root / "tenants" / TENANT, env, keywords).data


def association_lines(services: Sequence[Service], root: Path) -> list[str]:
    """The map: tenant → its domains, its applications (and which service runs each), its APIs
    (and which service serves each), its connections; then what is outside every tenant."""
    by_name = {service.name: service for service in services}
    tenant = by_name.get(TENANT)
    if tenant is None:
        return []
    try:
        files = _tenant_files(root, tenant)
    except (OSError, TenantFileError, ValueError) as exc:
        return [f"Tenant {TENANT}: (tenant files unreadable: {exc})"]
    runs = {app.client_name: f"service {name}" for name, app in WEB_APPS.items() if name in by_name}
    runs[MANAGEMENT_CLIENT] = "the back ends of " + ", ".join(
        name for name in WEB_APPS if name in by_name)
    if "admin" in by_name:  # the operator console logs in and manages with its own client
        runs[ADMIN_CLIENT] = "service admin"
    domains = ", ".join(entry["domain"] for entry in files.get("customDomains") or [])
    lines = [f"Tenant {TENANT} at {tenant.url}" + (f", custom domain {domains}" if domains else "")
             + " (one tenant for every Travel0 app: SSO across them):"]
    for client in files.get("clients") or []:
        where = runs.get(client["name"], "no service here")
        lines.append(f"  app  {client['name']} ({client.get('app_type', '?')}): {where}")
    for api in files.get("resourceServers") or []:
        where = "service api" if api["identifier"] == AUDIENCE and "api" in by_name else "-"
        if api["identifier"] == ADMIN_AUDIENCE and "admin" in by_name:
            where = "service admin (its own sign-in audience)"
        lines.append(f"  API  {api['name']} ({api['identifier']}): {where}")
    lines.append(f"  API  {MANAGEMENT_API} ({tenant.url}/api/v2/): the tenant itself")
    for database in files.get("databases") or []:
        script = " (scripts call service legacy)" if database.get("options", {}).get(
            "enabledDatabaseCustomization") else ""
        lines.append(f"  connection  {database['name']}{script}")
    for conn in files.get("connections") or []:  # enterprise IdPs the tenant federates with
        lines.append(f"  connection  {conn['name']} ({conn['strategy']}, "
                     f"{conn.get('display_name') or conn['name']}'s IdP"
                     + (": service acme)" if conn["name"] == ACME_TENANT and ACME_TENANT in by_name
                        else ")"))
    for org in files.get("organizations") or []:  # B2B customers: in the tenant, not one each
        lines.append(f"  organization  {org['name']} ({org.get('display_name') or org['name']}):"
                     " a business customer, an Organization of this tenant")
    lines += _acme_lines(by_name)
    outside = [name for name in by_name
               if name not in {TENANT, ACME_TENANT, "api", "admin", *WEB_APPS}]
    if outside:
        lines.append(f"Outside every tenant: {', '.join(outside)} (the tenant calls them)")
    return lines


def _acme_lines(by_name: dict) -> list[str]:
    """Acme Corp's IdP: a tenant of its own (the customer's), not part of Travel0's."""
    acme = by_name.get(ACME_TENANT)
    if acme is None:
        return []
    return [f"Tenant {ACME_TENANT} at {acme.url} (Acme Corp's own IdP, a customer's tenant):",
            f"  app  {ACME_CLIENT} (regular_web): tenant {TENANT}, through its connection acme",
            "  connection  Acme-Employees (Acme's staff; demo: alice@acme.test / Acme-Demo-2026!)"]


def scrape_lines(services: Sequence[Service]) -> list[str]:
    """Where Prometheus scrapes and where a probe or a load balancer asks for health."""
    intro = ("Monitoring: every service answers /health (200, or 503 naming what failed) and "
             "/metrics (Prometheus); scrape:")
    probe = f"  synthetic login: cookbook check --domain {services[0].url} (see cookbook check -h)"
    return [intro, *(f"  {service.name:8} {service.url}/metrics" for service in services), probe]
