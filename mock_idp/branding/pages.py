"""Render a Universal Login page: the prompt (a Jinja template, the "widget") in the tenant's
language and text, wrapped in the tenant's page template or the default page, in its colours.

A page template that fails while rendering one page (it passed the start-up check, but e.g. a
filter meets an unexpected value) is logged and the default page is served: a user never sees
a 500 because of the template.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from liquid.exceptions import LiquidError
from markupsafe import Markup

from . import template as page_template
from .organization import org_branding, organization_for, organization_variable
from .settings import BrandingSpec
from .texts import ERROR_KEYS, resolve_locale, screen_texts

# The user-visible request parameters a page template may read (Auth0's transaction.params).
TRANSACTION_PARAMS = ("ui_locales", "login_hint", "screen_hint", "prompt")


def branding() -> BrandingSpec:
    return current_app.extensions["mock_idp.tenant"].branding


def tenant_settings() -> dict:
    return current_app.extensions["mock_idp.tenant"].data.get("tenant") or {}


def company_name() -> str:
    return tenant_settings().get("friendly_name") or current_app.config["TENANT_NAME"]


def page_locale(params: dict | None = None) -> str:
    """``ui_locales`` of the login, else the browser's languages, else the tenant default."""
    return resolve_locale((params or {}).get("ui_locales"), request.accept_languages,
                          branding().locales)


def render_page(template: str, prompt: str, screen: str, *, status: int = 200,
                params: dict | None = None, client=None, **context):
    """The response for one page: ``template`` is the widget, ``prompt``/``screen`` name its
    texts (Auth0's custom-text coordinates), ``params`` the /authorize request if any; in an
    organization login the organization's logo and colours replace the tenant's."""
    params = params or {}
    org = organization_for(params)
    spec = org_branding(branding(), org)
    locale = page_locale(params)
    application = _application(client)
    texts = screen_texts(spec.custom_text, locale, prompt, screen, {
        "companyName": company_name(), "clientName": application["name"],
        "email": context.get("email") or ""})
    if ERROR_KEYS.get(context.get("error")) in texts:  # e.g. wrong-credentials, in Spanish
        context["error"] = texts[ERROR_KEYS[context["error"]]]
    widget = render_template(template, t=texts, branding=spec, locale=locale,
                             tenant_name=company_name(), application=application, **context)
    head = render_template("head.html", title=texts.get("pageTitle", company_name()),
                           branding=spec)
    variables = _variables(spec, locale, prompt, screen, texts, application, params)
    variables["organization"] = organization_variable(org)
    body = _wrap(spec, head, widget, variables)
    response = current_app.make_response((body, status))
    response.headers["Content-Language"] = locale
    return response


def _wrap(spec: BrandingSpec, head: str, widget: str, variables: dict) -> str:
    if spec.template is not None:
        try:
            return page_template.render(spec.template, variables, head, widget)
        except LiquidError as exc:
            current_app.logger.warning("page template %s failed on the %s page (%s); serving "
                                       "the default page", spec.template_file,
                                       variables["prompt"]["name"], exc)
    return render_template("page.html", locale=variables["locale"], head=Markup(head),
                           widget=Markup(widget))


def _application(client) -> dict:
    if client is None:  # pages outside a login (a ticket link, an error) belong to the tenant
        return {"id": "", "name": company_name(), "logo_url": "", "metadata": {}}
    config = getattr(client, "config", None) or {}
    return {"id": client.client_id, "name": client.name, "logo_url": config.get("logo_uri", ""),
            "metadata": dict(config.get("client_metadata") or {})}


def _variables(spec: BrandingSpec, locale: str, prompt: str, screen: str, texts: dict,
               application: dict, params: dict) -> dict:
    """Auth0's page-template variables (``organization`` is set by the caller)."""
    settings = tenant_settings()
    return {
        "application": application, "branding": spec.variables(), "organization": None,
        "locale": locale, "dir": "ltr",
        "prompt": {"name": prompt, "screen": {"name": screen, "texts": texts}},
        "tenant": {"friendly_name": company_name(),
                   "support_email": settings.get("support_email", ""),
                   "support_url": settings.get("support_url", ""),
                   "enabled_locales": list(spec.locales)},
        "transaction": {"locale": locale,
                        "params": {k: params[k] for k in TRANSACTION_PARAMS if params.get(k)}},
        "user": {}, "custom_domain": None,
    }
