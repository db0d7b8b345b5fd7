"""The tenant's email templates, ready to render: its own (checked at start-up) over Auth0's
defaults, with the template's ``from``, ``subject``, ``resultUrl`` and URL lifetime."""

from __future__ import annotations

from dataclasses import dataclass

from liquid.exceptions import LiquidError

from .defaults import DEFAULTS
from .liquid import compile_template
from .text import html_to_text


@dataclass(frozen=True)
class Rendered:
    sender: str | None  # the template's From (rendered); None: the provider's default
    subject: str
    html: str
    text: str


class TemplateSet:
    """One tenant's templates; ``render`` never raises for content (see ``RenderError``)."""

    def __init__(self, custom: dict[str, dict]):
        self._custom = custom
        self._defaults = {name: (compile_template(subject, html=False),
                                 compile_template(body, html=True))
                          for name, (subject, body) in DEFAULTS.items()}

    def enabled(self, name: str) -> bool:
        """A customized template may be switched off; Auth0's defaults are on."""
        return bool(self._custom.get(name, {}).get("enabled", name in DEFAULTS))

    def url_lifetime(self, name: str) -> int | None:
        return self._custom.get(name, {}).get("urlLifetimeInSeconds") or None

    def include_email_in_redirect(self, name: str) -> bool:
        return bool(self._custom.get(name, {}).get("includeEmailInRedirect", True))

    def result_url(self, name: str, context: dict) -> str | None:
        compiled = self._custom.get(name, {}).get("compiled", {}).get("resultUrl")
        return _render(compiled, context).strip() or None if compiled else None

    def render(self, name: str, context: dict) -> Rendered:
        custom = self._custom.get(name)
        if custom is not None:
            compiled = custom["compiled"]
            subject_template, body_template = compiled.get("subject"), compiled["body"]
            sender = _render(compiled["from"], context).strip() if "from" in compiled else None
        elif name in self._defaults:
            (subject_template, body_template), sender = self._defaults[name], None
        else:
            raise RenderError(f"no template named {name!r}")
        default_subject = _render(self._defaults[name][0], context) if name in DEFAULTS else name
        subject = _render(subject_template, context) if subject_template else default_subject
        html = _render(body_template, context)
        return Rendered(sender or None, subject.strip(), html, html_to_text(html))


class RenderError(ValueError):
    """A template failed at render time (e.g. a value of an unexpected type)."""


def _render(template, context: dict) -> str:
    try:
        return template.render(**context)
    except LiquidError as exc:
        raise RenderError(getattr(exc, "message", None) or str(exc)) from None
