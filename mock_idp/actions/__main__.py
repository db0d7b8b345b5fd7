"""``python -m mock_idp.actions ACTION --trigger post-login --event fixture.json``:
run one Action offline and print what it did as JSON (exit status 1 when it failed)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .harness import run_action
from .registry import HANDLERS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mock_idp.actions",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("source", help="an Action's .js file, or a tenant directory")
    parser.add_argument("--trigger", required=True, choices=sorted(HANDLERS))
    parser.add_argument("--event", required=True, type=Path, help="JSON file with the event")
    parser.add_argument("--secret", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--action", help="which Action of the tenant (default: the bound one)")
    parser.add_argument("--handler", help="e.g. onContinuePostLogin")
    parser.add_argument("--env", default="dev", help="keywords of tenants/env/<env>.json")
    args = parser.parse_args(argv)
    secrets = dict(item.split("=", 1) for item in args.secret)
    try:
        event = json.loads(args.event.read_text(encoding="utf-8"))
        result = run_action(args.source, args.trigger, event, secrets=secrets,
                            action=args.action, handler=args.handler, env=args.env)
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
    print(json.dumps(result.as_dict(), indent=2))
    return 0 if result.status in ("ok", "denied", "redirect") else 1


if __name__ == "__main__":
    sys.exit(main())
