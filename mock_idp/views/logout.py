"""Logout: OIDC RP-initiated ``/oidc/logout`` and Auth0's legacy ``/v2/logout``.

A return URL outside the allow-list gets an error page, never a redirect.
"""

from __future__ import annotations

from authlib.oauth2.rfc6749.errors import OAuth2Error
from flask import Blueprint, current_app, redirect, request

from .. import csrf, sessions
from ..branding import render_page
from ..errors import PageError
from ..oauth import get_server
from ..oauth.logout import end_browser_session
from ..oauth.request import from_flask

bp = Blueprint("logout", __name__)
CONFIRM_PURPOSE = "oidc-logout"


@bp.route("/oidc/logout", methods=["GET", "POST"])
def oidc_logout():
    oauth_request = from_flask()
    confirmed = request.method == "POST"
    if confirmed:
        csrf.check(sessions.device_id(), CONFIRM_PURPOSE)
    oauth_request.confirmed = confirmed
    server = get_server()
    try:
        checked = server.validate_endpoint_request("end_session", oauth_request)
    except OAuth2Error as exc:
        raise PageError("invalid_request", exc.description or exc.error) from None
    _check_return_url(checked, oauth_request.payload.data)
    if checked.needs_confirmation and not confirmed:
        return _confirmation_page(oauth_request.payload.data)
    response = server.create_endpoint_response("end_session", checked)
    response = response or render_page("logged_out.html", "logout", "logout-complete")
    sessions.clear_cookie(response)
    return response


def _check_return_url(checked, params: dict) -> None:
    url = params.get("post_logout_redirect_uri")
    if not url:
        return
    if checked.client is None:
        raise PageError("invalid_request", "post_logout_redirect_uri needs id_token_hint or "
                        "client_id to know which application's allowed logout URLs apply")
    if url not in (checked.client.allowed_logout_urls or []):
        raise PageError("invalid_request", f"The post_logout_redirect_uri {url} is not in the "
                        "allowed logout URLs of this application")


def _confirmation_page(params: dict):
    device = sessions.new_device_id()
    response = render_page("logout_confirm.html", "logout", "logout", fields=params,
                           csrf_token=csrf.token_for(device, CONFIRM_PURPOSE))
    sessions.ensure_device(response, device)
    return response


@bp.get("/v2/logout")
def v2_logout():
    client_id = request.args.get("client_id")
    return_to = request.args.get("returnTo")
    client = get_server().query_client(client_id) if client_id else None
    if client_id and client is None:
        raise PageError("invalid_request", f"Unknown client: {client_id}")
    allowed = (client.allowed_logout_urls if client else _tenant_logout_urls()) or []
    if return_to and return_to not in allowed:
        raise PageError("invalid_request", f"The returnTo URL {return_to} is not in the allowed "
                        "logout URLs" + (" of this application" if client else " of the tenant"))
    end_browser_session(client)
    target = return_to or (allowed[0] if client and allowed else None)
    response = redirect(target) if target else render_page("logged_out.html", "logout",
                                                           "logout-complete")
    sessions.clear_cookie(response)
    return response


def _tenant_logout_urls() -> list[str]:
    tenant = current_app.extensions["mock_idp.tenant"].data.get("tenant") or {}
    return list(tenant.get("allowed_logout_urls") or [])
