"""The branding parts of a tenant file, checked at start-up (auth0-deploy-cli shapes):

- ``branding``: ``colors.primary``, ``colors.page_background``, ``logo_url``, ``favicon_url``,
  ``font.url`` and ``templates: [{template: universal_login, body: ./file.html}]``;
- ``prompts.customText.<language>.<prompt>.<screen>.<key>``;
- ``tenant.enabled_locales`` and ``tenant.error_page`` (``url``, ``html``, ``show_log_link``).

Colours must be ``#rgb``/``#rrggbb`` (they go into the page's CSS) and URLs absolute http(s),
so nothing in these settings can break out of the place the page puts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..tenant.email_schema import read_body
from ..tenant.schema import Checker
from . import template as page_template
from .texts import LANGUAGES

COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
DEFAULT_PRIMARY = "#635dff"
DEFAULT_BACKGROUND = "#f3f4f6"
TEMPLATE_NAMES = {"universal_login"}


@dataclass
class BrandingSpec:
    """What the pages need: colours, logo, font, languages, texts, template, error page."""

    primary: str = DEFAULT_PRIMARY
    page_background: str = DEFAULT_BACKGROUND
    logo_url: str | None = None
    favicon_url: str | None = None
    font_url: str | None = None
    locales: list[str] = field(default_factory=lambda: ["en"])
    custom_text: dict = field(default_factory=dict)
    template: object = None  # a compiled universal_login page template, or None
    template_file: str | None = None
    error_page_url: str | None = None

    @property
    def on_primary(self) -> str:
        """Text colour on primary-coloured buttons: dark on a light colour, white otherwise."""
        hex_digits = self.primary[1:]
        if len(hex_digits) == 3:
            hex_digits = "".join(digit * 2 for digit in hex_digits)
        red, green, blue = (int(hex_digits[i:i + 2], 16) for i in (0, 2, 4))
        return "#1e212a" if 0.299 * red + 0.587 * green + 0.114 * blue > 160 else "#ffffff"

    def variables(self) -> dict:
        """The ``branding`` object of Auth0's page-template variables."""
        return {"logo_url": self.logo_url or "", "favicon_url": self.favicon_url or "",
                "colors": {"primary": self.primary, "page_background": self.page_background},
                "font": {"url": self.font_url or ""}}


def read_branding(directory: Path, tenant_file: Path, data: dict, mappings: dict,
                  env_file: Path) -> BrandingSpec:
    """Check the branding settings and compile the page template; ``TenantFileError`` if bad."""
    check = Checker(tenant_file)
    branding = check.mapping(data.get("branding") or {}, "branding")
    colors = check.mapping(branding.get("colors") or {}, "branding.colors")
    spec = BrandingSpec(
        primary=_color(check, colors.get("primary"), "branding.colors.primary", DEFAULT_PRIMARY),
        page_background=_color(check, colors.get("page_background"),
                               "branding.colors.page_background", DEFAULT_BACKGROUND),
        logo_url=_url(check, branding.get("logo_url"), "branding.logo_url"),
        favicon_url=_url(check, branding.get("favicon_url"), "branding.favicon_url"),
        font_url=_url(check, check.mapping(branding.get("font") or {}, "branding.font").get(
            "url"), "branding.font.url"),
    )
    tenant = check.mapping(data.get("tenant") or {}, "tenant")
    spec.locales = _locales(check, tenant.get("enabled_locales"))
    spec.error_page_url = _error_page(check, tenant.get("error_page"))
    spec.custom_text = _custom_text(check, data.get("prompts"))
    templates = check.items(branding.get("templates"), "branding.templates")
    for i, entry in enumerate(templates):
        where = f"branding.templates[{i}]"
        check.mapping(entry, where)
        check.choice(entry.get("template"), f"{where}.template", TEMPLATE_NAMES)
        path, source = read_body(check, where, entry, directory, mappings, env_file)
        spec.template = page_template.compile_page(source, path)
        spec.template_file = str(path)
    return spec


def _color(check: Checker, value, where: str, default: str) -> str:
    if value is None or value == "":
        return default
    if isinstance(value, dict):  # Auth0 also accepts a gradient object; the mock uses its start
        value = value.get("start")
    if not isinstance(value, str) or not COLOR.fullmatch(value):
        check.fail(where, f"{value!r} is not a colour like #0a7c6b")
    return value.lower()


def _url(check: Checker, value, where: str) -> str | None:
    if value is None or value == "":
        return None
    return check.url(value, where)


def _locales(check: Checker, value) -> list[str]:
    locales = check.items(value, "tenant.enabled_locales") or ["en"]
    for i, language in enumerate(locales):
        _language(check, language, f"tenant.enabled_locales[{i}]")
    check.unique(locales, "tenant.enabled_locales", "language")
    return list(locales)


def _language(check: Checker, value, where: str) -> None:
    if value not in LANGUAGES:
        check.fail(where, f"{value!r} is not a language Universal Login offers (e.g. en, es, "
                   "fr-FR, pt-BR)")


def _error_page(check: Checker, value) -> str | None:
    page = check.mapping(value or {}, "tenant.error_page")
    if not isinstance(page.get("show_log_link", False), bool):
        check.fail("tenant.error_page.show_log_link", "must be true or false")
    if page.get("html"):
        check.fail("tenant.error_page.html", "the mock renders its own branded error page; "
                   "set url to send errors to your application instead")
    return _url(check, page.get("url"), "tenant.error_page.url")


def _custom_text(check: Checker, value) -> dict:
    prompts = check.mapping(value or {}, "prompts")
    custom = check.mapping(prompts.get("customText") or {}, "prompts.customText")
    for language, by_prompt in custom.items():
        where = f"prompts.customText.{language}"
        _language(check, language, where)
        for prompt, by_screen in check.mapping(by_prompt or {}, where).items():
            for screen, texts in check.mapping(by_screen or {}, f"{where}.{prompt}").items():
                place = f"{where}.{prompt}.{screen}"
                for key, text in check.mapping(texts or {}, place).items():
                    if not isinstance(text, str):
                        check.fail(f"{place}.{key}", "must be a string")
    return custom

