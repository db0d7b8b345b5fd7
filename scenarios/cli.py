"""The `cookbook` command: up, tenant render|deploy, compose, check, scenarios."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scenarios.catalog import STATUSES, TRACKS

UP_EPILOG = """\
Ports: --port NAME=PORT (repeatable) or COOKBOOK_PORT_<NAME>=PORT; every URL follows.
State: SQLite files, logs/<service>.log and secrets.json (random SECRET_KEYs made on the
first run and reused, so sessions survive restarts) live in the state directory.
"""


def _up(args: argparse.Namespace) -> int:
    from scenarios.ports import PortError, resolve_ports
    from scenarios.services import DEFAULT_STATE_DIR, build_services, client_ids
    from scenarios.state import repo_root, state_path
    from scenarios.up import EXIT_PORTS, run_up

    try:
        ports = resolve_ports(args.port)
    except PortError as exc:
        print(f"cookbook up: {exc}", file=sys.stderr)
        return EXIT_PORTS
    root = repo_root()
    # A state dir given by the user is taken from their cwd; the default sits in the repo.
    state_dir = str(Path(args.state_dir).resolve()) if args.state_dir else DEFAULT_STATE_DIR
    services = build_services(ports, state_dir=state_dir, env=args.env,
                              custom_domain=args.custom_domain)
    return run_up(
        services,
        clients=client_ids(),
        root=root,
        state_dir=state_path(root, state_dir),
        timeout=args.timeout,
    )


def _compose(args: argparse.Namespace) -> int:
    from scenarios.compose import COMPOSE_FILE, compose_diff, render_compose
    from scenarios.state import repo_root

    path = Path(args.output) if args.output else repo_root() / COMPOSE_FILE
    expected = render_compose()
    if not args.check:
        path.write_text(expected)
        print(f"wrote {path}")
        return 0
    diff = compose_diff(path, expected)
    if diff:
        print(f"{path} is out of date; run `cookbook compose` to regenerate it:\n{diff}")
        return 1
    print(f"{path} is up to date")
    return 0


def _render(args: argparse.Namespace) -> int:
    from mock_idp.tenant import TenantFileError
    from scenarios.render import render
    from scenarios.state import repo_root

    root = repo_root()
    output = Path(args.output) if args.output else root / ".cookbook" / "render" / args.env
    try:
        result = render(root / "tenants" / args.tenant, args.env, output)
    except TenantFileError as exc:
        print(f"cookbook tenant render: {exc}", file=sys.stderr)
        return 1
    print(f"rendered tenants/{args.tenant} for {args.env} into {result.tenant_dir}")
    print(f"deploy-cli settings: {result.config_file} (AUTH0_ALLOW_DELETE={result.allow_delete})")
    print(f"deploy:  AUTH0_CLIENT_SECRET=... a0deploy import -c {result.config_file} "
          f"-i {result.tenant_dir / 'tenant.yaml'}")
    return 0


def _deploy(args: argparse.Namespace) -> int:
    from mock_idp.tenant import TenantFileError, load_tenant
    from scenarios.deploy import Remote, apply, plan
    from scenarios.management import Management, ManagementError
    from scenarios.render import deploy_config
    from scenarios.state import repo_root

    client_id = os.environ.get("AUTH0_DEPLOY_CLIENT_ID")
    secret = os.environ.get("AUTH0_DEPLOY_CLIENT_SECRET")
    if not client_id or not secret:
        print("cookbook tenant deploy: set AUTH0_DEPLOY_CLIENT_ID and AUTH0_DEPLOY_CLIENT_SECRET "
              "(an M2M client of the target tenant authorized for the Management API)",
              file=sys.stderr)
        return 2
    base = args.domain if "://" in args.domain else f"https://{args.domain}"
    try:
        # The Management API's identifier is the target's own, whatever the env file says.
        spec = load_tenant(repo_root() / "tenants" / args.tenant, args.env,
                           {"MANAGEMENT_API_AUDIENCE": base.rstrip("/") + "/api/v2/"})
        mgmt = Management(base, client_id, secret)
        changes = plan(spec, Remote.read(mgmt))
        allow_delete = deploy_config(args.env, spec.mappings)["AUTH0_ALLOW_DELETE"]
        for change in changes:
            if change.action != "keep" or args.verbose:
                print(change.describe())
        if args.dry_run:
            print("dry run: nothing changed")
            return 0
        for change in apply(changes, mgmt, allow_delete):
            print(f"kept   {change.kind:16} {change.name} (deletions are off for {args.env})")
    except (TenantFileError, ManagementError) as exc:
        print(f"cookbook tenant deploy: {exc}", file=sys.stderr)
        return 1
    print(f"deployed tenants/{args.tenant} ({args.env}) to {args.domain}")
    return 0


CHECK_EPILOG = """\
The probe user and client come from the environment:
  COOKBOOK_PROBE_USERNAME, COOKBOOK_PROBE_PASSWORD   a user of the tenant kept for probing
  COOKBOOK_PROBE_CLIENT_ID [, COOKBOOK_PROBE_CLIENT_SECRET]   the client it logs in through
  COOKBOOK_PROBE_REDIRECT_URI   a callback of that client (default: B2C_URL/callback of ENV)
Exit status: 0 ok, 2 usage, 3 tenant down, 4 login refused, 5 token or issuer wrong.
"""


def _check(args: argparse.Namespace) -> int:
    import json

    from scenarios.check import EXIT_USAGE, Probe, ProbeFailed, base_url, run, summary
    from scenarios.state import repo_root

    keywords = json.loads((repo_root() / "tenants" / "env" / f"{args.env}.json").read_text())
    domain = args.domain or keywords.get("TENANT_DOMAIN")
    missing = [name for name in ("COOKBOOK_PROBE_USERNAME", "COOKBOOK_PROBE_PASSWORD",
                                 "COOKBOOK_PROBE_CLIENT_ID") if not os.environ.get(name)]
    if missing or not domain:
        print(f"cookbook check: set {', '.join(missing) or '--domain'}", file=sys.stderr)
        return EXIT_USAGE
    redirect = os.environ.get("COOKBOOK_PROBE_REDIRECT_URI") or (
        str(keywords.get("B2C_URL", "")).rstrip("/") + "/callback")
    probe = Probe(base_url(domain), os.environ["COOKBOOK_PROBE_CLIENT_ID"], redirect,
                  os.environ["COOKBOOK_PROBE_USERNAME"], os.environ["COOKBOOK_PROBE_PASSWORD"],
                  client_secret=os.environ.get("COOKBOOK_PROBE_CLIENT_SECRET") or None,
                  timeout=args.timeout)
    try:
        claims = run(probe)
    except ProbeFailed as failure:
        print(f"cookbook check: FAILED {failure} (at {probe.issuer})", file=sys.stderr)
        return failure.status
    print(summary(probe, claims))
    return 0


def _scenarios(args: argparse.Namespace) -> int:
    from scenarios.catalog import format_table, load_catalog, select

    print(format_table(select(load_catalog(), track=args.track, status=args.status)))
    return 0


def _environment(value: str) -> str:
    """An environment name with a keyword file: dev, qa, prod (or any tenants/env/*.json)."""
    from scenarios.state import repo_root

    if not (repo_root() / "tenants" / "env" / f"{value}.json").is_file():
        raise argparse.ArgumentTypeError(f"no tenants/env/{value}.json")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subcommand per action."""
    parser = argparse.ArgumentParser(prog="cookbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for add in (_add_up, _add_tenant, _add_compose, _add_check, _add_scenarios):
        add(commands)
    return parser


def _add_up(commands) -> None:
    up = commands.add_parser(
        "up", help="run every service in the foreground until Ctrl-C", epilog=UP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    up.add_argument("--port", action="append", default=[], metavar="NAME=PORT",
                    help="move one service to another port (repeatable)")
    up.add_argument("--state-dir", metavar="DIR",
                    help="where databases, logs and secrets go (default: .cookbook in the repo)")
    up.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                    help="how long every service may take to answer (default: 60)")
    up.add_argument("--env", default="dev", type=_environment,
                    help="tenant keyword file tenants/env/<ENV>.json (default: dev)")
    up.add_argument("--custom-domain", action="store_true",
                    help="apps and API use the tenant's custom domain as AUTH0_DOMAIN")
    up.set_defaults(handler=_up)


def _add_tenant(commands) -> None:
    tenant = commands.add_parser("tenant", help="tenant files: render or deploy an environment")
    tenant_commands = tenant.add_subparsers(dest="tenant_command", required=True)
    rendering = tenant_commands.add_parser(
        "render", help="write the resolved tenant files and deploy-cli config.json for ENV")
    rendering.add_argument("--env", required=True, type=_environment)
    rendering.add_argument("--tenant", default="main", help="tenant directory under tenants/")
    rendering.add_argument("--output", metavar="DIR",
                           help="default: .cookbook/render/<ENV> in the repo")
    rendering.set_defaults(handler=_render)
    deploying = tenant_commands.add_parser(
        "deploy", help="apply ENV's rendering to a tenant through its Management API")
    deploying.add_argument("--env", required=True, type=_environment)
    deploying.add_argument("--domain", required=True,
                           help="the target tenant: a domain (https) or a base URL")
    deploying.add_argument("--tenant", default="main", help="tenant directory under tenants/")
    deploying.add_argument("--dry-run", action="store_true", help="print the plan only")
    deploying.add_argument("--verbose", action="store_true", help="also list unchanged objects")
    deploying.set_defaults(handler=_deploy)


def _add_compose(commands) -> None:
    compose = commands.add_parser("compose", help="write docker-compose.yml from the service list")
    compose.add_argument("--check", action="store_true",
                         help="do not write; exit 1 with a diff when the file differs")
    compose.add_argument("--output", metavar="PATH", help="default: docker-compose.yml in the repo")
    compose.set_defaults(handler=_compose)


def _add_check(commands) -> None:
    check = commands.add_parser(
        "check", help="synthetic login against a tenant: exit 0 with timings, or the reason",
        epilog=CHECK_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("--env", default="dev", type=_environment,
                       help="tenants/env/<ENV>.json gives the domain and callback (default: dev)")
    check.add_argument("--domain", help="the tenant to probe: a domain (https) or a base URL "
                                        "(default: TENANT_DOMAIN of ENV); a custom domain works")
    check.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                       help="per HTTP request (default: 10)")
    check.set_defaults(handler=_check)


def _add_scenarios(commands) -> None:
    listing = commands.add_parser("scenarios", help="list the scenario catalog")
    listing.add_argument("--track", choices=TRACKS)
    listing.add_argument("--status", choices=STATUSES)
    listing.set_defaults(handler=_scenarios)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `cookbook` console script."""
    args = build_parser().parse_args(argv)
    try:
        status = args.handler(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`cookbook scenarios | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return status


if __name__ == "__main__":
    sys.exit(main())
