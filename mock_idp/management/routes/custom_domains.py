"""``/api/v2/custom-domains``: the tenant's custom domains, read-only (the tenant files are where
they are defined; the mock has no DNS to verify, so each one is ``ready``)."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify

from ...domains import base_url
from ..auth import requires
from ..errors import not_found

bp = Blueprint("custom_domains", __name__)


def _domain_json(entry: dict, index: int) -> dict:
    host = urlsplit(base_url(entry["domain"])).netloc
    digest = hashlib.sha256(f"{current_app.config['TENANT_NAME']}:{host}".encode()).hexdigest()
    data = {
        "custom_domain_id": f"cd_{digest[:16]}", "domain": host, "primary": index == 0,
        "is_default": index == 0, "status": "ready",
        "type": entry.get("type", "auth0_managed_certs"),
        "tls_policy": entry.get("tls_policy"),
        "custom_client_ip_header": entry.get("custom_client_ip_header"),
        "domain_metadata": entry.get("domain_metadata"),
    }
    return {key: value for key, value in data.items() if value is not None}


def _all() -> list[dict]:
    entries = current_app.extensions["mock_idp.tenant"].section("customDomains")
    return [_domain_json(entry, index) for index, entry in enumerate(entries)]


@bp.get("/custom-domains")
@requires("read:custom_domains")
def list_domains():
    return jsonify(_all())


@bp.get("/custom-domains/<domain_id>")
@requires("read:custom_domains")
def get_domain(domain_id: str):
    found = next((d for d in _all() if d["custom_domain_id"] == domain_id), None)
    if found is None:
        raise not_found("The custom domain does not exist", "inexistent_custom_domain")
    return jsonify(found)
