"""The account emails with a ticket in them (verify_email, reset_email) and the notices
around them (welcome_email, password_reset, change_password).

A template's ``urlLifetimeInSeconds`` sets the ticket's lifetime and its ``resultUrl``
(Liquid over ``application``) where the ticket page sends the user afterwards, as in Auth0.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from .emails.variables import application_variables
from .mail import send_template
from .management import tickets
from .models import Client, User


def _templates():
    return current_app.extensions["mock_idp.email_templates"]


def _ticket_url(db: Session, kind: str, template: str, user: User, client: Client | None) -> str:
    templates = _templates()
    friendly = (current_app.extensions["mock_idp.tenant"].data.get("tenant") or {}).get(
        "friendly_name") or current_app.config["TENANT_NAME"]
    result_url = templates.result_url(template, {
        "application": application_variables(client, friendly)})
    return tickets.issue(db, kind, user, ttl=templates.url_lifetime(template),
                         client_id=client.client_id if client else None, result_url=result_url,
                         options={"includeEmailInRedirect":
                                  templates.include_email_in_redirect(template)})


def send_verification(db: Session, user: User, client: Client | None = None) -> bool:
    """Email a verification link (sign-up, ``jobs/verification-email``, new users)."""
    if not user.email or not _templates().enabled("verify_email"):
        return False
    url = _ticket_url(db, tickets.EMAIL_VERIFICATION, "verify_email", user, client)
    return send_template("verify_email", user.email, {"url": url, "user": user,
                                                      "application": client})


def send_reset_link(db: Session, user: User, client: Client | None = None) -> bool:
    """Email a password-change link (``/dbconnections/change_password``, the request page)."""
    if not user.email or not _templates().enabled("reset_email"):
        return False
    url = _ticket_url(db, tickets.PASSWORD_CHANGE, "reset_email", user, client)
    return send_template("reset_email", user.email, {"url": url, "user": user,
                                                     "application": client})


def after_signup(db: Session, user: User, client: Client | None) -> None:
    """Auth0: verify_email on sign-up; welcome_email then, only if verification is off."""
    if _templates().enabled("verify_email") and not user.email_verified:
        send_verification(db, user, client)
    else:
        send_welcome(user, client)


def send_welcome(user: User, client: Client | None = None) -> bool:
    return bool(user.email) and send_template("welcome_email", user.email,
                                              {"user": user, "application": client})


def send_notice(template: str, user: User, client: Client | None = None) -> bool:
    """password_reset (after a reset) or change_password (after any other change)."""
    return bool(user.email) and send_template(template, user.email,
                                              {"user": user, "application": client})
