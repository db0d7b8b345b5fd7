"""Delegated admin: find users, open one, and act on them — each action gated by the matrix
and written to the audit log whether it was allowed, refused or failed."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound

from apps.common import error_response
from apps.common.management import ManagementRefused, management

from . import audit, tenant
from .matrix import Action, refusal_for_target
from .operator import load_operator, operator_required

bp = Blueprint("users", __name__)

PLAIN = re.compile(r"[A-Za-z0-9@._+-]{1,100}")
MAX_QUERY = 500
USER_ID = re.compile(r"[A-Za-z0-9|_.:@-]{1,200}")
ORG_ID = re.compile(r"org_[A-Za-z0-9]{1,64}")


def lucene(text: str) -> str:
    """An operator's search box to Auth0's Lucene ``q``: plain words match inside email
    addresses and names; anything with a ``:`` is taken as Lucene already."""
    if ":" in text or not PLAIN.fullmatch(text):
        return text
    return f"email:*{text}* OR name:*{text}*"


@bp.get("/users")
@operator_required(Action.READ_USERS)
def search():
    text = (request.args.get("q") or "").strip()[:MAX_QUERY]
    page = max(0, min(request.args.get("page", 0, type=int), 39))  # Auth0: 1000 results
    found, total, problem, query = [], 0, None, ""
    if text:
        query = lucene(text)
        try:
            found, total = tenant.search_users(query, page)
        except ManagementRefused as exc:
            if exc.status != 400:
                raise
            problem = f"The tenant did not accept this search: {exc.message}"
        audit.record(load_operator(), Action.READ_USERS, "", "failed" if problem else "allowed",
                     f"search {query}")
    status = 400 if problem else 200
    return render_template("admin/users.html", text=text, query=query, users=found,
                           total=total, page=page, problem=problem,
                           page_size=tenant.SEARCH_PAGE), status


@bp.get("/users/<user_id>")
@operator_required(Action.READ_USERS)
def show(user_id: str):
    _check_id(user_id)
    try:
        details = tenant.user_details(user_id)
    except ManagementRefused as exc:
        if exc.status != 404:
            raise
        return _no_such_user()
    audit.record(load_operator(), Action.READ_USERS, user_id, "allowed", "viewed")
    return render_template("admin/user.html", **details)


def _act(user_id: str, action: Action, work, done: str):
    """Run ``work()`` for an allowed action, audit it, and go back to the user's page."""
    _check_id(user_id)
    operator = load_operator()
    try:
        problem = _target_problem(operator, user_id, action)
        if problem:
            audit.record(operator, action, user_id, "refused", problem)
            return error_response(403, "Not allowed", problem, error="access_denied")
        detail = work() or ""
    except ManagementRefused as exc:
        audit.record(operator, action, user_id, "failed", exc.message)
        if exc.status == 404:
            return _no_such_user()
        flash(f"The tenant refused: {exc.message}", "error")
        return redirect(url_for(".show", user_id=user_id))
    audit.record(operator, action, user_id, "allowed", detail)
    flash(done, "success")
    if action is Action.DELETE:
        return redirect(url_for(".search"))
    return redirect(url_for(".show", user_id=user_id))


def _target_problem(operator, user_id: str, action: Action) -> str | None:
    """The matrix's rule about whom an action may touch (own account, operators' accounts)."""
    own = user_id == operator.id
    staff = False
    if "admin" not in operator.roles:
        user = management().get_user(user_id)
        staff = any(identity.get("connection") == current_app.config["OPERATORS_CONNECTION"]
                    for identity in user.get("identities") or [])
    return refusal_for_target(operator.roles, action, own_account=own, operator_account=staff)


@bp.post("/users/<user_id>/block")
@operator_required(Action.BLOCK)
def block(user_id: str):
    return _act(user_id, Action.BLOCK, lambda: _blocked(user_id, True), "The user is blocked.")


@bp.post("/users/<user_id>/unblock")
@operator_required(Action.BLOCK)
def unblock(user_id: str):
    return _act(user_id, Action.BLOCK, lambda: _blocked(user_id, False),
                "The user is unblocked.")


def _blocked(user_id: str, blocked: bool) -> str:
    tenant.set_blocked(user_id, blocked)
    return "blocked" if blocked else "unblocked"


@bp.post("/users/<user_id>/password-reset")
@operator_required(Action.SEND_RESET)
def send_reset(user_id: str):
    return _act(user_id, Action.SEND_RESET, lambda: _reset(user_id),
                "A password-reset link was emailed to the user.")


def _reset(user_id: str) -> str:
    user = tenant.user_details(user_id)["user"]
    database = next((i["connection"] for i in user.get("identities") or []
                     if i.get("provider") == "auth0"), None)
    if database is None or not user.get("email"):
        raise ManagementRefused(400, "This user has no password here (they sign in through "
                                "another identity provider).", "no_database_identity")
    tenant.send_password_reset(user["email"], database)
    return f"reset email to the address on file ({database})"


@bp.post("/users/<user_id>/verification-email")
@operator_required(Action.RESEND_VERIFICATION)
def resend_verification(user_id: str):
    return _act(user_id, Action.RESEND_VERIFICATION,
                lambda: tenant.resend_verification(user_id),
                "A new verification email is on its way.")


@bp.post("/users/<user_id>/remove-from-organization")
@operator_required(Action.REMOVE_FROM_ORG)
def remove_from_organization(user_id: str):
    org_id = request.form.get("org_id", "")
    if not ORG_ID.fullmatch(org_id):
        return error_response(400, "No organization", "Choose an organization of the user.",
                              error="invalid_request")
    return _act(user_id, Action.REMOVE_FROM_ORG,
                lambda: tenant.remove_from_organization(org_id, user_id) or f"from {org_id}",
                "The user was removed from the organization.")


@bp.post("/users/<user_id>/delete")
@operator_required(Action.DELETE)
def delete(user_id: str):
    if request.form.get("confirm") != "delete":
        return error_response(400, "Not confirmed", "Tick the confirmation to delete a user.",
                              error="invalid_request")
    return _act(user_id, Action.DELETE, lambda: tenant.delete_user(user_id) or "deleted",
                "The user was deleted.")


def _no_such_user():
    return error_response(404, "No such user", "The tenant has no user with this id (any "
                          "more).", error="inexistent_user")


def _check_id(user_id: str) -> None:
    if not USER_ID.fullmatch(user_id):
        raise NotFound("That is not a user id.")
