"""The ``verification_email`` job: an email-verification ticket, mailed to the user."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from ...mail import verification_email
from ...models import Job, User
from .. import tickets
from .runner import JobFailed


def run_verification_email(db: Session, job: Job) -> None:
    user = db.get(User, job.params.get("user_id") or "")
    if user is None or not user.email:
        raise JobFailed("The user does not exist or has no email address")
    url = tickets.issue(db, tickets.EMAIL_VERIFICATION, user, client_id=job.params.get("client_id"))
    message = verification_email(user.email, url, current_app.config["TENANT_NAME"])
    current_app.extensions["mock_idp.mailer"].send(message)
