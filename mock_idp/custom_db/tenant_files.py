"""Custom-database connections in the tenant files, in auth0-deploy-cli's shape::

    databases:
      - name: Travel0-Classic
        strategy: auth0
        options:
          enabledDatabaseCustomization: true
          import_mode: true
          customScripts:
            login: ./databases/Travel0-Classic/login.js
            get_user: ./databases/Travel0-Classic/get_user.js
          configuration: {LEGACY_API_URL: '##LEGACY_API_URL##', ...}

Script paths are relative to ``tenant.yaml`` and stay inside the tenant directory; keywords
are replaced in the code as deploy-cli does; a script that does not compile stops start-up
with its file and line. The parsed files keep the paths (what deploy-cli renders); the code is
kept beside them, keyed by path, and is what a deployed connection holds (``deployed_options``).
"""

from __future__ import annotations

from pathlib import Path

from ..tenant.action_files import V8_LOCATION
from ..tenant.errors import TenantFileError
from ..tenant.keywords import replace_keywords

# Auth0's database action scripts (deploy-cli's customScripts keys).
SCRIPTS = ("login", "get_user", "create", "verify", "change_password", "delete", "change_email")
MAX_SCRIPT_BYTES = 100 * 1024


def check_database_options(check, options: dict, where: str) -> None:
    """Shape checks of the customization options (``check`` is the schema's Checker)."""
    for flag in ("enabledDatabaseCustomization", "import_mode"):
        if flag in options and not isinstance(options[flag], bool):
            check.fail(f"{where}.{flag}", "must be true or false")
    scripts = check.mapping(options.get("customScripts") or {}, f"{where}.customScripts")
    for name, path in scripts.items():
        check.choice(name, f"{where}.customScripts", set(SCRIPTS))
        check.text(path, f"{where}.customScripts.{name}")
    configuration = check.mapping(options.get("configuration") or {}, f"{where}.configuration")
    for key, value in configuration.items():
        if not isinstance(value, str):
            check.fail(f"{where}.configuration.{key}", "configuration values are strings")
    customized = options.get("enabledDatabaseCustomization", False)
    if scripts and not customized:
        check.fail(f"{where}.enabledDatabaseCustomization", "customScripts need it set to true")
    if options.get("import_mode") and not {"login", "get_user"} <= set(scripts):
        check.fail(f"{where}.customScripts", "import mode needs a login and a get_user script")


def deployed_options(options: dict, sources: dict[str, str]) -> dict:
    """The options as Auth0 stores them (and deploy-cli sends them): each ``customScripts``
    path replaced by the code read from it."""
    scripts = options.get("customScripts")
    if not scripts:
        return dict(options)
    return {**options, "customScripts": {name: sources.get(path, path)
                                         for name, path in scripts.items()}}


def read_database_scripts(directory: Path, tenant_file: Path, data: dict, mappings: dict,
                          env_file: Path) -> dict[str, str]:
    """Script path (as written in ``customScripts``) to code, for every database."""
    from .runner import compile_check

    sources = {}
    root = directory.resolve()
    for i, database in enumerate(data.get("databases") or []):
        scripts = (database.get("options") or {}).get("customScripts") or {}
        for name, reference in scripts.items():
            where = f"databases[{i}].options.customScripts.{name}"
            path = (directory / reference).resolve()
            if not path.is_relative_to(root):
                raise TenantFileError(tenant_file, where, f"{reference!r} is outside the tenant "
                                      "directory")
            source = _read(path, tenant_file, where, reference)
            source = replace_keywords(source, mappings, path, env_file)
            problem = compile_check(source)
            if problem is not None:
                raise TenantFileError(path, *_where(problem))
            sources[reference] = source
    return sources


def _read(path: Path, tenant_file: Path, where: str, reference: str) -> str:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TenantFileError(tenant_file, where, f"script file {reference} not found") from None
    if len(source.encode()) > MAX_SCRIPT_BYTES:
        raise TenantFileError(path, "file", "a database script may not exceed 100 kB")
    return source


def _where(problem: str) -> tuple[str, str]:
    """V8's ``<anonymous>:3: SyntaxError: ...`` as ("line 3", "SyntaxError: ...")."""
    first = problem.strip().splitlines()[0]
    match = V8_LOCATION.match(first)
    return (f"line {match.group(1)}", match.group(2)) if match else ("file", first)
