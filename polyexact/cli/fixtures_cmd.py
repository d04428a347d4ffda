"""``polyexact fixtures [--check] [--data DIR] [--only NAME ...] [--json] [--quiet]``.

The fixture folder defaults to the repository's ``data/`` folder (found next to the package, so
the command works from any directory), else ``./data``; ``--data DIR`` (or its older spelling
``--out DIR``) names another one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from polyexact.cli._io import add_quiet, print_json, show_progress

__all__ = ["add_parser", "default_data_dir", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("fixtures", help="regenerate or re-verify the ground-truth fixtures")
    p.add_argument("--check", action="store_true",
                   help="recompute the fixtures in DIR and fail (exit 1) on any difference")
    p.add_argument("--data", "--out", dest="data", default=None, metavar="DIR",
                   help="fixture folder (default: the repository's data/ folder)")
    p.add_argument("--only", nargs="+", metavar="NAME",
                   help="regenerate or check only these fixtures")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    add_quiet(p)
    p.set_defaults(run=run)


def default_data_dir() -> Path:
    """The repository's ``data/`` folder next to the package when it exists, else ``./data``.

    Examples
    --------
    >>> from polyexact.cli.fixtures_cmd import default_data_dir
    >>> default_data_dir().name
    'data'
    """
    import polyexact

    beside = Path(polyexact.__file__).resolve().parent.parent / "data"
    return beside if beside.is_dir() else Path("data")


def run(args: argparse.Namespace) -> int:
    """Regenerate (default) or check the fixtures."""
    from polyexact.errors import InputError
    from polyexact.fixtures import FIXTURES, check_fixtures, write_fixtures

    folder = Path(args.data) if args.data is not None else default_data_dir()
    unknown = sorted(set(args.only or ()) - {spec.name for spec in FIXTURES})
    if unknown:
        raise InputError(f"unknown fixture {unknown[0]!r}", field="--only")
    say = _progress if show_progress(args) else None
    if args.check:
        if not folder.is_dir():
            raise InputError("no such folder", field=args.data or str(folder))
        results = check_fixtures(folder, names=args.only, progress=say)
        failed = [r for r in results if not r.ok]
        if args.json:
            print_json([{"name": r.name, "ok": r.ok, "reason": r.reason} for r in results])
        else:
            _print_table([(r.name, "ok" if r.ok else "FAIL", r.reason) for r in results])
            print(f"{len(results) - len(failed)} of {len(results)} fixtures agree ({folder})")
        if not results:
            print(f"error: no fixtures found in {folder}", file=sys.stderr)
            return 1
        return 1 if failed else 0
    paths = write_fixtures(folder, names=args.only, progress=say)
    if args.json:
        print_json({"written": [str(p) for p in paths]})
    else:
        print(f"wrote {len(paths)} fixtures to {folder}")
    return 0


def _progress(name: str) -> None:
    print(f"  {name}", file=sys.stderr)


def _print_table(rows: list[tuple[str, str, str]]) -> None:
    """Aligned columns under a header: fixture, result, counts (or what differed)."""
    header = ("fixture", "result", "counts")
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(2)]
    for name, result, detail in [header, *rows]:
        print(f"{name:<{widths[0]}}  {result:<{widths[1]}}  {detail}")
