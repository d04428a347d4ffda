"""``polyexact fixtures [--check] [--out DIR] [--json]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from polyexact.cli._io import print_json

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("fixtures", help="regenerate or re-verify the ground-truth fixtures")
    p.add_argument("--check", action="store_true",
                   help="recompute every fixture in DIR and fail (exit 1) on any difference")
    p.add_argument("--out", default="data", metavar="DIR", help="fixture folder (default: data)")
    p.add_argument("--only", nargs="+", metavar="NAME", help="regenerate only these fixtures")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Regenerate (default) or check the fixtures."""
    from polyexact.fixtures import check_fixtures, write_fixtures

    def say(name: str) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"  {name}", file=sys.stderr)

    if args.check:
        results = check_fixtures(args.out, progress=say)
        failed = [r for r in results if not r.ok]
        if args.json:
            print_json([{"name": r.name, "ok": r.ok, "reason": r.reason} for r in results])
        else:
            for r in results:
                print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.reason}")
            print(f"{len(results) - len(failed)} of {len(results)} fixtures agree")
        if not results:
            print(f"error: no fixtures found in {args.out}", file=sys.stderr)
            return 1
        return 1 if failed else 0
    from polyexact.errors import InputError
    from polyexact.fixtures import FIXTURES

    unknown = sorted(set(args.only or ()) - {spec.name for spec in FIXTURES})
    if unknown:
        raise InputError(f"unknown fixture {unknown[0]!r}", field="--only")
    paths = write_fixtures(args.out, names=args.only, progress=say)
    if args.json:
        print_json({"written": [str(p) for p in paths]})
    else:
        print(f"wrote {len(paths)} fixtures to {args.out}")
    return 0
