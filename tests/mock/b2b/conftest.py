from tests.mock.b2b.support import api_server, app, client, fake_idp, fake_mgmt  # noqa: F401
