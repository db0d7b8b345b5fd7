"""The tenant's ``Client`` rows seen through authlib's ``ClientMixin``."""

from __future__ import annotations

import hmac

from authlib.oauth2.rfc6749 import ClientMixin

from ..models import Client

CONFIDENTIAL_METHODS = {"client_secret_post", "client_secret_basic"}


class OAuthClient(ClientMixin):
    def __init__(self, row: Client):
        self.row = row

    def __getattr__(self, name):
        return getattr(self.row, name)

    @property
    def is_public(self) -> bool:
        return self.row.token_endpoint_auth_method == "none"

    @property
    def client_metadata(self) -> dict:
        return {"post_logout_redirect_uris": list(self.row.allowed_logout_urls or [])}

    def get_client_id(self):
        return self.row.client_id

    def get_default_redirect_uri(self):
        callbacks = self.row.callbacks or []
        return callbacks[0] if len(callbacks) == 1 else None

    def get_allowed_scope(self, scope):
        # Scopes are narrowed per user and API at issuance (see authz.user_grant).
        return scope or ""

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in (self.row.callbacks or [])

    def check_client_secret(self, client_secret):
        return hmac.compare_digest(self.row.client_secret.encode(), (client_secret or "").encode())

    def check_endpoint_auth_method(self, method, endpoint):
        # Like Auth0, a confidential client may send its secret in the body or by Basic.
        if self.is_public:
            return method == "none"
        return method in CONFIDENTIAL_METHODS

    def check_response_type(self, response_type):
        return response_type == "code" and "authorization_code" in (self.row.grant_types or [])

    def check_grant_type(self, grant_type):
        return grant_type in (self.row.grant_types or [])
