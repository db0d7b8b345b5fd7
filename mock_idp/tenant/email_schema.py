"""``emailProvider`` and ``emailTemplates`` of a tenant file (auth0-deploy-cli shape).

Templates are read from the files their ``body`` names, keyword-replaced as deploy-cli does,
parsed and trial-rendered here: a broken template stops start-up naming the file, the place
and the problem, instead of failing when the first email is due.
"""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

from ..emails.liquid import TemplateProblem, compile_template
from .errors import TenantFileError
from .keywords import replace_keywords
from .schema import Checker

# Every template name Auth0's Management API knows; the mock sends the first seven.
SENT_BY_THE_MOCK = ("verify_email", "welcome_email", "reset_email", "blocked_account",
                    "change_password", "password_reset", "user_invitation")
TEMPLATE_NAMES = {*SENT_BY_THE_MOCK, "verify_email_by_code", "reset_email_by_code",
                  "stolen_credentials", "enrollment_email", "mfa_oob_code", "async_approval"}
PROVIDERS = {"smtp", "mandrill", "sendgrid", "ses", "sparkpost", "mailgun", "azure_cs", "ms365",
             "custom"}


def validate_email_provider(check: Checker, data: dict) -> None:
    provider = data.get("emailProvider")
    if provider is None:
        return
    check.mapping(provider, "emailProvider")
    name = check.choice(provider.get("name"), "emailProvider.name", PROVIDERS)
    if name is None:
        check.fail("emailProvider.name", "is required")
    enabled = provider.get("enabled", True)
    if not isinstance(enabled, bool):
        check.fail("emailProvider.enabled", "must be true or false")
    if enabled and name != "smtp":
        check.fail("emailProvider.name", f"{name!r}: the mock delivers through SMTP only; use "
                   "name: smtp with the provider's SMTP endpoint")
    sender = check.text(provider.get("default_from_address"), "emailProvider.default_from_address",
                        required=enabled)
    if sender and "@" not in parseaddr(sender)[1]:
        check.fail("emailProvider.default_from_address", f"{sender!r} is not an email address")
    if name == "smtp":
        _smtp_credentials(check, provider)


def _smtp_credentials(check: Checker, provider: dict) -> None:
    where = "emailProvider.credentials"
    credentials = check.mapping(provider.get("credentials"), where)
    check.text(credentials.get("smtp_host"), f"{where}.smtp_host")
    port = credentials.get("smtp_port")
    if isinstance(port, str) and port.isdigit():
        port = credentials["smtp_port"] = int(port)  # a port from the environment is text
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        check.fail(f"{where}.smtp_port", "must be a port number (1..65535)")
    for key in ("smtp_user", "smtp_pass"):
        if credentials.get(key) not in (None, "") and not isinstance(credentials[key], str):
            check.fail(f"{where}.{key}", "must be a string")
    if credentials.get("smtp_pass") and not credentials.get("smtp_user"):
        check.fail(f"{where}.smtp_user", "is required when smtp_pass is set")


def read_email_templates(directory: Path, tenant_file: Path, data: dict, mappings: dict,
                         env_file: Path) -> dict[str, dict]:
    """Template name → its settings with ``body`` (source text) and compiled parts."""
    check = Checker(tenant_file)
    found: dict[str, dict] = {}
    for i, entry in enumerate(check.items(data.get("emailTemplates"), "emailTemplates")):
        where = f"emailTemplates[{i}]"
        check.mapping(entry, where)
        name = check.choice(entry.get("template"), f"{where}.template", TEMPLATE_NAMES)
        if name is None:
            check.fail(f"{where}.template", "is required")
        if name in found:
            check.fail(f"{where}.template", f"duplicate template {name!r}")
        found[name] = _template(check, where, entry, directory, mappings, env_file)
    return found


def _template(check: Checker, where: str, entry: dict, directory: Path, mappings: dict,
              env_file: Path) -> dict:
    check.choice(entry.get("syntax", "liquid"), f"{where}.syntax", {"liquid"})
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        check.fail(f"{where}.enabled", "must be true or false")
    lifetime = entry.get("urlLifetimeInSeconds")
    if lifetime is not None and (isinstance(lifetime, bool) or not isinstance(lifetime, int)
                                 or lifetime < 0):
        check.fail(f"{where}.urlLifetimeInSeconds", "must be a non-negative integer")
    path, source = read_body(check, where, entry, directory, mappings, env_file)
    compiled = {"body": _compile(path, "body", source, html=True)}
    for key in ("subject", "from", "resultUrl"):
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            check.fail(f"{where}.{key}", "must be a string")
        if value:
            compiled[key] = _compile(check.path, f"{where}.{key}", value, html=False)
    return {**entry, "enabled": enabled, "body": source, "body_file": str(path),
            "compiled": compiled}


def read_body(check: Checker, where: str, entry: dict, directory: Path, mappings: dict,
              env_file: Path) -> tuple[Path, str]:
    """The file an entry's ``body`` names (inside the tenant directory, UTF-8), keywords
    replaced; email templates and the page template both keep their bodies in files."""
    body = check.text(entry.get("body"), f"{where}.body")
    path = (directory / body).resolve()
    if not path.is_relative_to(directory.resolve()):
        check.fail(f"{where}.body", f"{body!r} is outside the tenant directory")
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        check.fail(f"{where}.body", f"{body}: file not found")
    except UnicodeDecodeError:
        raise TenantFileError(path, "file", "not UTF-8 text") from None
    return path, replace_keywords(text, mappings, path, env_file)


def _compile(path: Path, where: str, source: str, html: bool):
    try:
        return compile_template(source, html)
    except TemplateProblem as problem:
        place = problem.where if where == "body" else f"{where} ({problem.where})"
        raise TenantFileError(path, place, f"Liquid: {problem.problem}") from None
