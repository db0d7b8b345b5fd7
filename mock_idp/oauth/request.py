"""authlib requests built from explicit parameters.

Auth0's token endpoint takes form or JSON bodies, and a login that finishes on a
Universal Login page resumes an /authorize request stored earlier; both need a
request whose parameters do not come from Flask's ``request.values``.
"""

from __future__ import annotations

from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from flask import request as flask_request
from werkzeug.datastructures import MultiDict


class ParamsRequest(OAuth2Request):
    def __init__(self, method: str, uri: str, params: MultiDict, headers=None):
        super().__init__(method=method, uri=uri, headers=headers or {})
        self._params = params
        self.payload = BasicOAuth2Payload(params.to_dict(flat=True))
        self.payload._datalist = {key: params.getlist(key) for key in params}
        self.login = None  # set when a user has just authenticated for this request

    @property
    def args(self):
        return self._params

    @property
    def form(self):
        return self._params


def from_flask() -> ParamsRequest:
    """The current Flask request: query and form parameters, or a JSON object body."""
    params = MultiDict(flask_request.args)
    if flask_request.is_json:
        body = flask_request.get_json(silent=True)
        if isinstance(body, dict):
            for key, value in body.items():
                if isinstance(value, (str, int, float, bool)):
                    params[key] = str(value) if not isinstance(value, str) else value
    else:
        params.update(flask_request.form)
    return ParamsRequest(flask_request.method, flask_request.url, params, flask_request.headers)


def from_stored(uri: str, params: dict) -> ParamsRequest:
    """Rebuild a stored /authorize request so authlib can validate and answer it."""
    return ParamsRequest("GET", uri, MultiDict(params))
