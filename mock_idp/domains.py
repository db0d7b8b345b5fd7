"""Custom domains: the tenant answers on its canonical URL and on each ``customDomains`` entry.

As Auth0 does, a token carries as ``iss`` the domain its request was made on, the discovery
document follows the host it is fetched from, and email links use the tenant's default custom
domain. The set of issuers is fixed by configuration: a request on an unknown ``Host`` gets the
canonical issuer, never one made up from the header.

A ``customDomains[].domain`` is a bare domain (``login.travel0.example``, https implied) or,
for local runs, a full base URL (``http://localhost:4001``) — the same rule as ``AUTH0_DOMAIN``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

CERT_TYPES = {"auth0_managed_certs", "self_managed_certs"}
TLS_POLICIES = {"recommended", "compatible"}


def base_url(domain: str) -> str:
    """``login.example.com`` -> ``https://login.example.com``; a URL keeps its scheme."""
    domain = domain.strip().rstrip("/")
    return domain if "://" in domain else f"https://{domain}"


@dataclass(frozen=True)
class Domains:
    """The canonical issuer and the custom domains' issuers (each ``https://host/``)."""

    canonical: str
    custom: tuple[str, ...] = ()

    @property
    def email_issuer(self) -> str:
        """Links in emails use the default (first) custom domain, else the canonical one."""
        return self.custom[0] if self.custom else self.canonical

    @property
    def all(self) -> tuple[str, ...]:
        return (self.canonical, *self.custom)

    def for_host(self, host: str) -> str:
        """The issuer of the domain a request came in on (``Host`` with port)."""
        for issuer in self.custom:
            if urlsplit(issuer).netloc.lower() == host.lower():
                return issuer
        return self.canonical


def validate_custom_domains(check, data: dict) -> None:
    """``customDomains``: a list of ``{domain, type, tls_policy?, custom_client_ip_header?}``."""
    seen = []
    for index, entry in enumerate(check.items(data.get("customDomains"), "customDomains")):
        where = f"customDomains[{index}]"
        check.mapping(entry, where)
        domain = check.text(entry.get("domain"), f"{where}.domain")
        parts = urlsplit(base_url(domain))
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
            check.fail(f"{where}.domain", f"{domain!r} is neither a domain nor a base URL")
        check.choice(entry.get("type"), f"{where}.type", CERT_TYPES, "auth0_managed_certs")
        check.choice(entry.get("tls_policy"), f"{where}.tls_policy", TLS_POLICIES)
        check.text(entry.get("custom_client_ip_header"), f"{where}.custom_client_ip_header",
                   required=False)
        seen.append(parts.netloc.lower())
    check.unique(seen, "customDomains", "domain")


def domains() -> Domains:
    return current_app.extensions["mock_idp.domains"]


def current_issuer() -> str:
    """The issuer of this request's domain (canonical outside a request)."""
    known = domains()
    return known.for_host(request.host) if has_request_context() else known.canonical


def init_app(app) -> None:
    """Read the custom domains from the loaded tenant files (after ``tenant_state``)."""
    entries = app.extensions["mock_idp.tenant"].section("customDomains")
    custom = tuple(base_url(entry["domain"]) + "/" for entry in entries)
    app.extensions["mock_idp.domains"] = Domains(app.config["ISSUER"], custom)
