"""Organizations the console provisioned: the list, the form, a record's page and its retry."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from apps.common import error_response

from . import audit, provision_form, provisioning, tenant
from .matrix import Action
from .operator import load_operator, operator_required

bp = Blueprint("organizations", __name__)


@bp.get("/organizations")
@operator_required(Action.READ_ORGANIZATIONS)
def list_records():
    return render_template("admin/organizations.html", records=provisioning.records())


@bp.get("/organizations/new")
@operator_required(Action.PROVISION)
def new():
    return _form(provision_form.blank(), {})


@bp.post("/organizations")
@operator_required(Action.PROVISION)
def provision():
    """Validate, write the record, run the steps; the record's page tells how it went."""
    operator = load_operator()
    values = provision_form.read(request.form)
    choices = _connection_choices()
    errors = provision_form.validate(values, choices)
    if errors:
        return _form(values, errors, choices, status=400)
    config = current_app.config
    # The invitation email names the inviter: the company, not the operator's own address.
    spec = provision_form.spec(values, config["ORG_ADMIN_ROLE"], config["INVITER_NAME"])
    try:
        record, new_record = provisioning.start(spec, operator.email)
    except provisioning.AlreadyProvisioned as done:
        audit.record(operator, Action.PROVISION, done.record.id, "refused", "already provisioned")
        flash(f"{done.record.org_name} was provisioned already; nothing was changed.", "info")
        return redirect(url_for(".show", record_id=done.record.id))
    if not new_record:
        flash(f"{record.org_name} had an unfinished provisioning: it was resumed with the "
              "values it was started with.", "info")
    return _run(operator, record.id)


@bp.get("/provisioning/<record_id>")
@operator_required(Action.READ_ORGANIZATIONS)
def show(record_id: str):
    record = provisioning.get(record_id)
    if record is None:
        return error_response(404, "No such provisioning", "There is no provisioning record "
                              "with that id.", error="not_found")
    return render_template("admin/provisioning.html", record=record, steps=provisioning.STEPS,
                           titles=provisioning.STEP_TITLES)


@bp.post("/provisioning/<record_id>/retry")
@operator_required(Action.PROVISION)
def retry(record_id: str):
    if provisioning.get(record_id) is None:
        return error_response(404, "No such provisioning", "There is no provisioning record "
                              "with that id.", error="not_found")
    return _run(load_operator(), record_id)


def _run(operator, record_id: str):
    try:
        record = provisioning.run(record_id, tenant)
    except provisioning.AlreadyProvisioned:
        flash("This organization is provisioned already; nothing was changed.", "info")
        return redirect(url_for(".show", record_id=record_id))
    except provisioning.Busy:
        flash("This provisioning is running in another request; look again in a moment.",
              "warning")
        return redirect(url_for(".show", record_id=record_id))
    outcome = "allowed" if record.status == "completed" else "failed"
    audit.record(operator, Action.PROVISION, record.id, outcome,
                 f"{record.org_name}: {record.status}" + (
                     f" ({record.last_error})" if record.last_error else ""))
    if record.status == "completed":
        flash(f"{record.spec['display_name']} is ready.", "success")
    else:
        flash("Provisioning stopped halfway; see which step failed, then resume.", "error")
    return redirect(url_for(".show", record_id=record.id))


def _connection_choices() -> dict[str, str]:
    """Connection name → strategy: the shared database and the tenant's enterprise ones."""
    shared = current_app.config["SHARED_CONNECTION"]
    choices = {shared: "auth0"}
    for connection in tenant.connections(provision_form.ENTERPRISE_STRATEGIES):
        choices[connection["name"]] = connection["strategy"]
    return choices


def _form(values: dict, errors: dict, choices: dict | None = None, status: int = 200):
    choices = choices if choices is not None else _connection_choices()
    values.setdefault("connection", current_app.config["SHARED_CONNECTION"])
    page = render_template("admin/provision_form.html", values=values, errors=errors,
                           connections=choices, tiers=provision_form.TIERS,
                           regions=provision_form.REGIONS)
    return page, status
