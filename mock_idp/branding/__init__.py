"""Universal Login branding: the tenant's colours, logo, font, page template, languages and
custom text on every page the tenant renders, and its error page (``tenant.error_page``)."""

from __future__ import annotations

from .pages import company_name, page_locale, render_page
from .settings import BrandingSpec, read_branding

__all__ = ["BrandingSpec", "company_name", "page_locale", "read_branding", "render_page"]
