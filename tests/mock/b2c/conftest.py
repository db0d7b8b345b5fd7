from tests.mock.b2c.support import app, client, fake_api, fake_idp  # noqa: F401
