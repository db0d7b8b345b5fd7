"""Universal Login's organization prompts, for clients that require an organization:
``pre_login_prompt`` asks for its name before login (``/u/login/organization``),
``post_login_prompt`` lets the user pick one of theirs after login
(``/u/organization-selection``). Either way the request goes back to /authorize with
``organization`` set, where every organization check runs again."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, redirect, request, url_for
from werkzeug.datastructures import MultiDict

from .. import csrf, flow, organizations, sessions
from ..branding import render_page
from ..clock import now
from ..db import get_db
from ..errors import PageError
from ..models import Transaction

bp = Blueprint("organization", __name__, url_prefix="/u")
# Dropped when the picked organization goes back to /authorize: the user has just logged in.
REAUTHENTICATION = ("prompt", "max_age")


def _parked(picker: bool) -> tuple[Transaction, flow.Authorization]:
    """The parked request named by ``state``: of this browser, unexpired, unused."""
    state = request.values.get("state", "")
    txn = get_db().get(Transaction, state) if state and len(state) <= 64 else None
    if (txn is None or txn.completed_at is not None or txn.expires_at < now()
            or (txn.pending_login is not None) != picker):
        raise PageError("invalid_request", "This login link is no longer valid. "
                        "Go back to the application and start again.")
    if txn.device_id != sessions.device_id():
        raise PageError("invalid_request", "This login was started in another browser. "
                        "Go back to the application and start again.", 403)
    return txn, flow.validate(MultiDict(txn.params))


def _back_to_authorize(txn: Transaction, org_id: str, drop: tuple = ()):
    """Close the parked request and replay it with the organization chosen."""
    txn.completed_at = now()
    get_db().commit()
    params = {k: v for k, v in txn.params.items() if k not in drop}
    params["organization"] = org_id
    return redirect(url_for("authorize.authorize") + "?" + urlencode(params))


@bp.get("/login/organization")
def prompt():
    txn, auth = _parked(picker=False)
    return _prompt_page(txn, auth)


def _prompt_page(txn, auth, status: int = 200, **extra):
    return render_page("organization_prompt.html", "organizations", "organization-selection",
                       status=status, params=auth.params, client=auth.client.row, state=txn.id,
                       csrf_token=csrf.token_for(txn.device_id, txn.id), **extra)


@bp.post("/login/organization")
def prompt_submit():
    txn, auth = _parked(picker=False)
    csrf.check(txn.device_id, txn.id)
    name = request.form.get("organizationName", "").strip().lower()
    org = organizations.find(get_db(), name) if organizations.NAME.match(name) else None
    if org is None:
        return _prompt_page(txn, auth, 400, organization_name=name,
                            error="We could not find an organization with that name.")
    return _back_to_authorize(txn, org.id)


def _picker_user(txn: Transaction):
    """The user who logged in for this request, still in this browser's session."""
    sso = sessions.current(get_db())
    pending = txn.pending_login or {}
    if sso is None or sso.id != pending.get("session_id") or sso.user_id != pending.get("user_id"):
        raise PageError("invalid_request", "Your session has ended. "
                        "Go back to the application and log in again.", 403)
    return sso


@bp.get("/organization-selection")
def picker():
    txn, auth = _parked(picker=True)
    sso = _picker_user(txn)
    return _picker_page(txn, auth, sso.user_id)


def _picker_page(txn, auth, user_id: str, status: int = 200, **extra):
    choices = organizations.user_organizations(get_db(), user_id)
    return render_page("organization_picker.html", "organizations", "organization-picker",
                       status=status, params=auth.params, client=auth.client.row, state=txn.id,
                       csrf_token=csrf.token_for(txn.device_id, txn.id),
                       organizations=choices, **extra)


@bp.post("/organization-selection")
def picker_submit():
    txn, auth = _parked(picker=True)
    csrf.check(txn.device_id, txn.id)
    sso = _picker_user(txn)
    chosen = request.form.get("organization", "")
    if not organizations.is_member(get_db(), chosen[:64], sso.user_id):
        return _picker_page(txn, auth, sso.user_id, 400,
                            error="Pick one of the organizations listed.")
    return _back_to_authorize(txn, chosen, drop=REAUTHENTICATION)


