"""``/api/v2/custom-domains`` through the official auth0-python client: the tenant's custom
domains as the tenant files define them, readable by a client granted ``read:custom_domains``."""

from __future__ import annotations

import pytest
from auth0.management.core.api_error import ApiError

from mock_idp import create_app
from mock_idp.db import dispose
from tests.support.fixtures import tenant_overrides
from tests.support.management import LiveTenant
from tests.support.servers import LiveServer

pytestmark = [pytest.mark.mock, pytest.mark.scenario("b2c.phase1.architecture.custom-domains")]
DOMAINS = [{"domain": "login.travel0.example", "type": "auth0_managed_certs",
            "tls_policy": "recommended"},
           {"domain": "http://localhost:4001", "type": "self_managed_certs"}]


@pytest.fixture
def tenant(tmp_path, mail_sink):
    server = LiveServer()
    app = create_app(tenant_overrides(tmp_path, PUBLIC_URL=server.url,
                                      **mail_sink.tenant_settings({"CUSTOM_DOMAINS": DOMAINS})))
    server.start(app)
    yield LiveTenant(app, server.url)
    server.stop()
    dispose(app)


def test_the_sdk_lists_and_reads_the_custom_domains(tenant):
    api = tenant.sdk(tenant.token())
    listed = api.custom_domains.list()
    assert [(d.domain, d.type, d.status, d.is_default) for d in listed] == [
        ("login.travel0.example", "auth0_managed_certs", "ready", True),
        ("localhost:4001", "self_managed_certs", "ready", False)]
    assert listed[0].tls_policy == "recommended"
    one = api.custom_domains.get(listed[1].custom_domain_id)
    assert one.domain == "localhost:4001"
    with pytest.raises(ApiError) as missing:
        api.custom_domains.get("cd_0000000000000000")
    assert missing.value.status_code == 404


def test_reading_custom_domains_needs_its_scope(tenant):
    token = tenant.token("Travel0 Management", scope="read:users")
    answer = tenant.api("GET", "/custom-domains", token)
    assert answer.status_code == 403
    assert answer.json()["errorCode"] == "insufficient_scope"
