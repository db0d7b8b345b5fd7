"""Saving the signed-in user's own ``user_metadata`` from a :class:`MetadataForm`, the same way
in every app: the user id comes from the session, never from the form, and the write goes
through the app's back end and the Management API (Auth0 merges top-level keys)."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from flask_login import current_user

from .management import ManagementRefused, management
from .metadata_form import MetadataForm


def show_own_metadata(definition: MetadataForm, render: Callable):
    """The page with the form filled from the user's current ``user_metadata``."""
    user = management().get_user(current_user.id)
    return render(user, definition.initial(user.get("user_metadata") or {}), {})


def save_own_metadata(definition: MetadataForm, render: Callable, saved: str, endpoint: str):
    """Save the posted form, then flash ``saved`` and go back to ``endpoint`` (303); or
    ``render(user, values, errors, status=400)`` with the field errors or the tenant's
    refusal, keeping what the user typed."""
    values = definition.read(request.form)
    errors = definition.validate(values)
    if not errors:
        try:
            management().update_user_metadata(current_user.id, definition.patch(values))
        except ManagementRefused as exc:
            if exc.status != 400:
                raise
            errors = {"form": f"The identity provider refused the change: {exc.message}"}
        else:
            flash(saved, "success")
            return redirect(url_for(endpoint), code=303)
    return render(management().get_user(current_user.id), values, errors, status=400)
