"""The ``verification_email`` job: an email-verification ticket, mailed with verify_email."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...account_mail import send_verification
from ...models import Client, Job, User
from .runner import JobFailed


def run_verification_email(db: Session, job: Job) -> None:
    user = db.get(User, job.params.get("user_id") or "")
    if user is None or not user.email:
        raise JobFailed("The user does not exist or has no email address")
    client_id = job.params.get("client_id")
    send_verification(db, user, db.get(Client, client_id) if client_id else None)
