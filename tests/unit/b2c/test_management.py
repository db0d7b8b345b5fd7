from datetime import UTC, datetime, timedelta, timezone

import pytest
from auth0.management.core.api_error import ApiError
from flask import Flask

from apps.b2c import DEFAULTS, REQUIRED
from apps.common.config import load_config
from apps.common.errors import UpstreamError
from apps.common.management import ManagementApi, ManagementRefused, _translate, plain

pytestmark = pytest.mark.unit


def test_sdk_values_become_auth0_json():
    moment = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    east = moment.astimezone(timezone(timedelta(hours=2)))
    assert plain({"updated_at": moment, "list": [east], "n": 1}) == {
        "updated_at": "2026-01-02T03:04:05.678Z", "list": ["2026-01-02T03:04:05.678Z"], "n": 1}


@pytest.mark.parametrize("status", [400, 404, 409, 429])
def test_the_users_problems_are_refusals(status):
    error = _translate(ApiError(status_code=status, body={
        "statusCode": status, "message": "Nope", "errorCode": "some_code"}))
    assert isinstance(error, ManagementRefused)
    assert (error.status, error.message, error.error_code) == (status, "Nope", "some_code")


@pytest.mark.parametrize("status", [401, 403, 500, 502, None])
def test_the_apps_problems_are_upstream_failures(status):
    error = _translate(ApiError(status_code=status, body="<html>oops</html>"))
    assert isinstance(error, UpstreamError) and error.service == "account service"


def test_audience_and_api_url_follow_the_base_url():
    api = ManagementApi("https://travel0.eu.auth0.com", "id", "secret", timeout=5)
    try:
        assert api.api_url == "https://travel0.eu.auth0.com/api/v2"
        assert api.audience == "https://travel0.eu.auth0.com/api/v2/"
    finally:
        api.dispose()


def test_management_credentials_are_required(monkeypatch):
    for key in DEFAULTS:
        monkeypatch.delenv(f"B2C_{key}", raising=False)
    with pytest.raises(RuntimeError, match="B2C_MGMT_CLIENT_ID, B2C_MGMT_CLIENT_SECRET"):
        load_config(Flask("t"), "B2C_", DEFAULTS,
                    {"AUTH0_CLIENT_ID": "id", "AUTH0_CLIENT_SECRET": "s"}, required=REQUIRED)
