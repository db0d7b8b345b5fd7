"""`cookbook tenant render`: the tenant files of one environment, ready for auth0-deploy-cli.

The output is the tenant directory with every keyword resolved for that environment (so
what is deployed is exactly what was validated), plus the deploy-cli ``config.json``.
Secrets referenced with ``{"fromEnv": ...}`` are resolved from the environment into the
output, which is written owner-readable only and belongs outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from mock_idp.tenant import load_tenant
from mock_idp.tenant.keywords import load_mappings, replace_keywords

# Files deploy-cli reads through tenant.yaml references; keywords apply inside them too.
TEXT_SUFFIXES = {".yaml", ".yml", ".js", ".json", ".html", ".liquid", ".txt"}
MOCK_ONLY = {"users/demo.yaml"}  # passwords of the demo logins: never deployed


@dataclass(frozen=True)
class Rendering:
    tenant_dir: Path
    config_file: Path
    allow_delete: bool


def deploy_config(env: str, mappings: dict) -> dict:
    """auth0-deploy-cli settings; the deploy client's secret comes from its environment."""
    return {
        "AUTH0_DOMAIN": mappings.get("TENANT_DOMAIN", ""),
        "AUTH0_CLIENT_ID": os.environ.get("AUTH0_DEPLOY_CLIENT_ID", ""),
        # Production never loses what is not in the files: deletions are promoted by hand.
        "AUTH0_ALLOW_DELETE": env != "prod",
        "AUTH0_KEYWORD_REPLACE_MAPPINGS": {},  # already resolved in the rendered files
        "AUTH0_EXCLUDED": ["rules", "hooks"],
    }


def render(tenant_dir: Path, env: str, output: Path) -> Rendering:
    """Validate ``tenant_dir`` for ``env`` and write the resolved copy under ``output``."""
    spec = load_tenant(tenant_dir, env)  # raises TenantFileError before anything is written
    env_file = tenant_dir.parent / "env" / f"{env}.json"
    mappings = load_mappings(env_file)
    target = output / tenant_dir.name
    if target.exists():
        shutil.rmtree(target)
    for source in sorted(tenant_dir.rglob("*")):
        relative = source.relative_to(tenant_dir).as_posix()
        if source.is_dir() or relative in MOCK_ONLY or _skipped_users(relative, spec):
            continue
        _write(source, target / relative, mappings, env_file)
    config_file = output / "config.json"
    config = deploy_config(env, mappings)
    _write_private(config_file, json.dumps(config, indent=2) + "\n")
    return Rendering(target, config_file, config["AUTH0_ALLOW_DELETE"])


def _skipped_users(relative: str, spec) -> bool:
    """Import files go out only for environments that get the demo users."""
    return relative.startswith("users/") and not spec.users


def _write(source: Path, destination: Path, mappings: dict, env_file: Path) -> None:
    if source.suffix in TEXT_SUFFIXES:
        text = replace_keywords(source.read_text(encoding="utf-8"), mappings, source, env_file)
        _write_private(destination, text)
    else:
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
