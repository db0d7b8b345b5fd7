"""The Liquid dialect of email templates (python-liquid, as Auth0 uses LiquidJS).

Message bodies are HTML and autoescaped, so a user's name cannot inject markup even where a
template forgets ``| escape``; subjects, from addresses and result URLs are plain text.
"""

from __future__ import annotations

from liquid import Environment
from liquid.exceptions import LiquidError

HTML = Environment(autoescape=True)
TEXT = Environment(autoescape=False)

# What start-up renders every template with, so an unknown filter or a type error in a
# template is found before the first email is due (names are parsed, filters run late).
SAMPLE = {
    "user": {"email": "sample@example.com", "email_verified": False, "name": "Sample User",
             "nickname": "sample", "given_name": "Sample", "family_name": "User",
             "picture": "https://example.com/avatar.png", "user_metadata": {},
             "app_metadata": {}, "user_id": "auth0|sample"},
    "application": {"name": "Sample App", "clientID": "sample", "metadata": {},
                    "callback_domain": "https://app.example.com"},
    "connection": {"name": "Username-Password-Authentication"},
    "url": "https://tenant.example.com/u/email-verification?ticket=sample#",
    "tenant": "sample", "friendly_name": "Sample", "support_email": "support@example.com",
    "support_url": "https://example.com/support",
    # user_invitation's own variables
    "inviter": {"name": "Sample Inviter"},
    "organization": {"id": "org_sample", "name": "sample-org", "display_name": "Sample Org",
                     "branding": {"logo_url": "https://example.com/logo.png",
                                  "colors": {"primary": "#635dff", "page_background": "#ffffff"}},
                     "metadata": {}},
}


class TemplateProblem(ValueError):
    """A template that does not parse or render; ``line``/``column`` locate it when known."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None):
        super().__init__(problem)
        self.problem, self.line, self.column = problem, line, column

    @property
    def where(self) -> str:
        return f"line {self.line} column {self.column}" if self.line else "template"


def template_problem(exc: LiquidError, source: str) -> TemplateProblem:
    """``exc`` as a ``TemplateProblem`` with the line and column it points at in ``source``."""
    token = getattr(exc, "token", None)
    index = getattr(token, "start_index", None)
    message = getattr(exc, "message", None) or str(exc)
    if index is None:
        return TemplateProblem(message)
    line = source.count("\n", 0, index) + 1
    column = index - (source.rfind("\n", 0, index) + 1) + 1
    return TemplateProblem(message, line, column)


def compile_template(source: str, html: bool):
    """Parse and trial-render ``source``; raise ``TemplateProblem`` if either fails."""
    environment = HTML if html else TEXT
    try:
        template = environment.from_string(source)
        template.render(**SAMPLE)
    except LiquidError as exc:
        raise template_problem(exc, source) from None
    return template
