"""CSRF tokens for the tenant's forms, bound to the browser's device cookie and the form's purpose."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request

from .errors import PageError

FIELD = "_csrf"


def token_for(device: str, purpose: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{device}\x00{purpose}".encode(), hashlib.sha256).hexdigest()


def check(device: str | None, purpose: str) -> None:
    sent = request.form.get(FIELD, "")
    if not device or not hmac.compare_digest(sent, token_for(device, purpose)):
        raise PageError("invalid_request", "The form expired or was not sent from this browser. "
                        "Go back to the application and try again.", 403)
