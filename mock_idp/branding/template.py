"""The tenant's Universal Login page template: Liquid with Auth0's two tags.

``{%- auth0:head -%}`` writes what the page needs in ``<head>`` (title, stylesheet, the
branding's colours) and ``{%- auth0:widget -%}`` the prompt itself (the login form, the reset
form …). Everything else is the tenant's HTML around them. Values are autoescaped, as in the
email templates, so an application or organization name cannot inject markup.

Start-up parses the template and renders it for every prompt with sample values: a syntax
error, a failing filter, or a page where either tag does not appear exactly once stops
start-up naming the file, instead of breaking the login page of the first user.
"""

from __future__ import annotations

from pathlib import Path

from liquid import Environment
from liquid.ast import Node
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG

from ..emails.liquid import template_problem
from ..tenant.errors import TenantFileError
from .texts import PROMPTS

PARTS = "auth0:parts"  # the render-time key of the head and widget HTML (not a Liquid name)
PROMPT_NAMES = tuple(PROMPTS)


class _Auth0Node(Node):
    """Writes the head or widget HTML the page prepared, as it is (already escaped)."""

    __slots__ = ("part",)

    def __init__(self, token, part: str):
        super().__init__(token)
        self.part = part
        self.blank = False

    def __str__(self) -> str:
        return f"{{% auth0:{self.part} %}}"

    def render_to_output(self, context, buffer) -> int:
        return buffer.write(context.globals[PARTS][self.part])


class _Auth0Tag(Tag):
    """``auth0:head`` and ``auth0:widget`` (Liquid reads them as tag ``auth0``, ``:part``)."""

    name = "auth0"
    block = False

    def parse(self, stream):
        token = stream.eat(TOKEN_TAG)
        expression = stream.current.value if stream.current.kind == TOKEN_EXPRESSION else ""
        if expression not in (":head", ":widget"):
            raise LiquidSyntaxError(f"unknown tag auth0{expression} (use auth0:head or "
                                    "auth0:widget)", token=token)
        return _Auth0Node(token, expression[1:])


def environment() -> Environment:
    env = Environment(autoescape=True)
    env.add_tag(_Auth0Tag)
    return env


ENVIRONMENT = environment()  # stateless: parsing and rendering keep nothing between calls


SAMPLE_ORGANIZATION = {
    "id": "org_sample", "name": "sample-org", "display_name": "Sample Org",
    "metadata": {"tier": "gold"},
    "branding": {"logo_url": "https://example.com/org.png",
                 "colors": {"primary": "#e8590c", "page_background": "#fff4e6"}},
}


def sample_variables(prompt: str, organization: dict | None = None) -> dict:
    """Values of the shape real pages pass, for the start-up trial render."""
    return {
        "application": {"id": "sample", "name": "Sample App", "logo_url": "", "metadata": {}},
        "branding": {"logo_url": "https://example.com/logo.png", "favicon_url": "",
                     "colors": {"primary": "#635dff", "page_background": "#f3f4f6"},
                     "font": {"url": ""}},
        "organization": organization, "locale": "en", "dir": "ltr",
        "prompt": {"name": prompt, "screen": {"name": PROMPTS[prompt][0], "texts": {}}},
        "tenant": {"friendly_name": "Sample", "support_email": "", "support_url": "",
                   "enabled_locales": ["en"]},
        "user": {}, "transaction": {"locale": "en", "params": {}},
        "custom_domain": None,
    }


def render(compiled, variables: dict, head: str, widget: str) -> str:
    """Render the page; raises ``LiquidError`` (the caller serves the default page)."""
    return compiled.render(**variables, **{PARTS: {"head": head, "widget": widget}})


def compile_page(source: str, path: Path):
    """Parse and trial-render ``source`` for every prompt; ``TenantFileError`` when broken."""
    try:
        compiled = ENVIRONMENT.from_string(source)
        for prompt in PROMPT_NAMES:  # outside and inside an organization login
            for organization in (None, SAMPLE_ORGANIZATION):
                _trial(compiled, sample_variables(prompt, organization), path)
    except LiquidError as exc:
        problem = template_problem(exc, source)
        raise TenantFileError(path, problem.where, f"Liquid: {problem.problem}") from None
    return compiled


def _trial(compiled, variables: dict, path: Path) -> None:
    head, widget = "\x00head-marker\x00", "\x00widget-marker\x00"
    prompt = variables["prompt"]["name"]
    page = render(compiled, variables, head, widget)
    for tag, marker in (("auth0:head", head), ("auth0:widget", widget)):
        count = page.count(marker)
        if count != 1:
            where = "template"
            how = "is missing" if count == 0 else f"appears {count} times"
            raise TenantFileError(path, where, f"{{%- {tag} -%}} {how} on the {prompt} page; "
                                  "a Universal Login template needs it exactly once")
