"""``polyexact claims``: check the paper's claims and print a verdict table (or JSON)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from polyexact.cli._io import add_quiet, show_progress

__all__ = ["LEGEND", "add_parser", "run"]

#: What each verdict means, printed under the table.
LEGEND = (
    ("holds", "confirmed by exact computation at the sizes checked"),
    ("refuted", "contradicted by an exact computation (the evidence gives it)"),
    ("conditional", "holds only under extra assumptions, stated in the evidence"),
    ("open", "data only: the computation gives evidence but decides nothing"),
)


def add_parser(subparsers: Any) -> None:
    """Register the ``claims`` subcommand."""
    parser = subparsers.add_parser(
        "claims", help="check every claim of the paper and print a verdict table",
        description="Check the paper's claims by exact computation and print a verdict table.",
    )
    parser.add_argument("--json", action="store_true",
                        help='print a JSON list of {"id", "statement", "verdict", "evidence"}')
    parser.add_argument("--quick", action="store_true", help="smaller sizes (well under a minute)")
    parser.add_argument("--only", nargs="+", metavar="ID", default=None,
                        help="check only these claim ids (e.g. V.3 VI.1-hessian)")
    add_quiet(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the checks and render them; exit 0 (a refuted claim is a result, not a failure)."""
    from polyexact.claims import check_claims
    from polyexact.cli._io import print_json

    tty = sys.stdout.isatty() and not args.json
    progress = None
    if tty and show_progress(args):
        def progress(claim_id: str) -> None:
            print(f"checking {claim_id} ...", file=sys.stderr, flush=True)
    results = check_claims(quick=args.quick, ids=args.only, progress=progress)
    if args.json:
        print_json([r.to_data() for r in results])
        return 0
    rows = [(r.id, r.verdict.value, r.summary) for r in results]
    if tty:
        from rich.console import Console
        from rich.table import Table

        legend = "\n".join(f"{name}: {meaning}" for name, meaning in LEGEND)
        table = Table(title="polyexact: the paper's claims", caption=legend,
                      caption_justify="left")
        for name in ("id", "verdict", "evidence"):
            table.add_column(name, overflow="fold")
        style = {"holds": "green", "refuted": "red", "conditional": "yellow", "open": "cyan"}
        for claim_id, verdict, summary in rows:
            table.add_row(claim_id, f"[{style[verdict]}]{verdict}[/]", summary)
        Console().print(table)
    else:
        width = max(len(r[0]) for r in [("id", "", ""), *rows])
        for claim_id, verdict, summary in [("id", "verdict", "evidence"), *rows]:
            print(f"{claim_id:<{width}}  {verdict:<11}  {summary}")
        print()
        for name, meaning in LEGEND:
            print(f"{name:<11}  {meaning}")
    return 0
