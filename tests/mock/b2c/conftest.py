from tests.mock.b2c.support import app, client, fake_api, fake_idp, fake_mgmt  # noqa: F401
