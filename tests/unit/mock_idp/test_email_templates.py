"""Email templates and provider in the tenant files: Liquid with Auth0's variables, checked
at start-up (a broken template names its file, place and problem), rendered safely."""

from __future__ import annotations

import pytest

from mock_idp.emails.liquid import SAMPLE
from mock_idp.emails.templates import TemplateSet
from mock_idp.emails.text import html_to_text
from mock_idp.emails.variables import build_context
from mock_idp.tenant import TenantFileError, load_tenant
from mock_idp.tenant.email_schema import SENT_BY_THE_MOCK
from tests.support.tenant import TENANTS, edit

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.branding.email-templates"),
              pytest.mark.scenario("b2b.phase1.branding.email-templates")]


@pytest.fixture(scope="module")
def shipped() -> TemplateSet:
    return TemplateSet(load_tenant(TENANTS / "main", "dev").email_templates)


def context(**extra) -> dict:
    return {**SAMPLE, "friendly_name": "Travel0", "support_url": "", **extra}


def test_the_tenant_ships_every_template_the_mock_sends(shipped):
    spec = load_tenant(TENANTS / "main", "dev")
    assert set(spec.email_templates) == set(SENT_BY_THE_MOCK)
    for name in SENT_BY_THE_MOCK:
        rendered = shipped.render(name, context())
        assert 'lang="en"' in rendered.html and "<title>" in rendered.html, name
        assert "Travel0" in rendered.subject and rendered.sender.endswith(
            "<no-reply@travel0.example>"), name


@pytest.mark.scenario("b2c.phase1.profile.account-verification")
def test_verify_email_carries_the_url_and_auth0s_variables(shipped):
    url = "http://127.0.0.1:4000/u/email-verification?ticket=abc&x=1#"
    rendered = shipped.render("verify_email", context(
        url=url, user={**SAMPLE["user"], "given_name": "Jane", "email": "jane@example.com"}))
    assert 'href="http://127.0.0.1:4000/u/email-verification?ticket=abc&amp;x=1#"' in rendered.html
    assert "Hi Jane," in rendered.html and "jane@example.com" in rendered.html
    assert rendered.subject == "Confirm your email address for Travel0"
    assert url in rendered.text, "the text part keeps the link"


def test_user_values_are_escaped_in_the_html(shipped):
    user = {**SAMPLE["user"], "given_name": '<script>alert("x")</script>', "email": "a@b.c"}
    html = shipped.render("welcome_email", context(user=user)).html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_tenant_without_custom_templates_sends_auth0s_defaults():
    defaults = TemplateSet({})
    rendered = defaults.render("reset_email", context(url="https://t.example/u/reset-password?ticket=t#"))
    assert rendered.subject == "Reset your password" and rendered.sender is None
    assert "https://t.example/u/reset-password?ticket=t#" in rendered.text
    # Auth0 sends its own invitation email too; templates it has no default for stay off.
    assert defaults.enabled("verify_email") and defaults.enabled("user_invitation")
    assert not defaults.enabled("async_approval")


def test_result_url_and_lifetime_come_from_the_template(tenant_copy):
    edit(tenant_copy / "tenant.yaml", "    urlLifetimeInSeconds: 3600            # a reset link",
         "    resultUrl: '{{ application.callback_domain }}/reset-done'\n"
         "    urlLifetimeInSeconds: 3600            # a reset link")
    templates = TemplateSet(load_tenant(tenant_copy, "dev").email_templates)
    assert templates.url_lifetime("reset_email") == 3600
    assert templates.result_url("reset_email", {"application": {
        "callback_domain": "http://localhost:5000"}}) == "http://localhost:5000/reset-done"
    assert templates.result_url("verify_email", {}) is None


def test_a_disabled_template_is_not_sent(tenant_copy):
    edit(tenant_copy / "tenant.yaml", "  - template: welcome_email\n    enabled: true",
         "  - template: welcome_email\n    enabled: false")
    assert not TemplateSet(load_tenant(tenant_copy, "dev").email_templates).enabled("welcome_email")


def test_a_liquid_syntax_error_stops_start_up_naming_file_and_line(tenant_copy):
    body = tenant_copy / "emails" / "reset_email.html"
    edit(body, "{% if user.given_name %}", "{% if %}")
    with pytest.raises(TenantFileError) as raised:
        load_tenant(tenant_copy, "dev")
    assert raised.value.path == body.resolve()
    assert raised.value.where.startswith("line ") and "column" in raised.value.where
    assert "Liquid" in raised.value.problem and "missing expression" in raised.value.problem


def test_an_unknown_filter_is_found_at_start_up_not_at_the_first_email(tenant_copy):
    edit(tenant_copy / "emails" / "welcome_email.html", "{{ user.email | escape }}",
         "{{ user.email | shout }}")
    with pytest.raises(TenantFileError, match="unknown filter 'shout'"):
        load_tenant(tenant_copy, "dev")


def test_a_broken_subject_names_its_path_in_tenant_yaml(tenant_copy):
    edit(tenant_copy / "tenant.yaml", "subject: 'Welcome to {{ friendly_name }}'",
         "subject: 'Welcome to {{ friendly_name '")
    with pytest.raises(TenantFileError) as raised:
        load_tenant(tenant_copy, "dev")
    assert raised.value.path.name == "tenant.yaml"
    assert raised.value.where.startswith("emailTemplates[1].subject")


WELCOME_SYNTAX = "    syntax: liquid\n    from: '{{ friendly_name }} <##EMAIL_FROM##>'\n    subject: 'Welcome"


@pytest.mark.parametrize(("old", "new", "where", "problem"), [
    ("- template: welcome_email", "- template: welcome", "emailTemplates[1].template",
     "'welcome' is not one of"),
    ("- template: welcome_email", "- template: verify_email", "emailTemplates[1].template",
     "duplicate template 'verify_email'"),
    ("body: ./emails/welcome_email.html", "body: ./emails/nope.html", "emailTemplates[1].body",
     "file not found"),
    ("body: ./emails/welcome_email.html", "body: ../env/dev.json", "emailTemplates[1].body",
     "outside the tenant directory"),
    (WELCOME_SYNTAX, WELCOME_SYNTAX.replace("liquid", "md"), "emailTemplates[1].syntax",
     "'md' is not one of liquid"),
    ("  name: smtp\n  enabled: true", "  name: sendgrid\n  enabled: true", "emailProvider.name",
     "the mock delivers through SMTP only"),
    ("smtp_port: @@SMTP_PORT@@", "smtp_port: 70000", "emailProvider.credentials.smtp_port",
     "must be a port number"),
    ("smtp_host: '##SMTP_HOST##'", "smtp_host: ''", "emailProvider.credentials.smtp_host",
     "non-empty string"),
])
def test_email_sections_are_validated_with_their_path(tenant_copy, old, new, where, problem):
    edit(tenant_copy / "tenant.yaml", old, new)
    with pytest.raises(TenantFileError) as raised:
        load_tenant(tenant_copy, "dev")
    assert raised.value.where == where and problem in raised.value.problem


def test_keywords_are_replaced_inside_template_files(tenant_copy):
    edit(tenant_copy / "emails" / "welcome_email.html", "Welcome aboard", "Welcome ##B2C_URL##")
    spec = load_tenant(tenant_copy, "dev", {"B2C_URL": "http://localhost:6001"})
    assert "Welcome http://localhost:6001" in spec.email_templates["welcome_email"]["body"]


def test_the_context_fills_auth0s_common_variables():
    built = build_context(None, "main", {"friendly_name": "Travel0", "support_email": "s@t.example"},
                          "x@y.example", {"user": {"email": "x@y.example"}, "url": "u"})
    assert built["tenant"] == "main" and built["friendly_name"] == "Travel0"
    assert built["support_email"] == "s@t.example" and built["url"] == "u"
    assert built["application"]["name"] == "Travel0", "no app: named after the tenant"
    assert "organization" not in built


def test_html_becomes_a_readable_text_part():
    html = ('<html><head><title>T</title><style>p{}</style></head><body>'
            '<div style="display:none">preheader</div><h1>Hi</h1><p>Open '
            '<a href="https://x.example/a?b=1&amp;c=2">this link</a><br>now</p></body></html>')
    assert html_to_text(html) == "Hi\n\nOpen this link <https://x.example/a?b=1&c=2>\nnow\n"
