"""``polyexact demo [--out DIR]``: the main job on the built-in default model."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("demo", help="the main job on the built-in default model")
    p.add_argument("--out", default="polyexact-demo", metavar="DIR",
                   help="folder for the outputs (default: polyexact-demo)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Count, certify, verify, export and draw the default model; list what was written."""
    from polyexact.demo import run_demo

    report = run_demo(args.out)
    for line in report.lines():
        print(line)
    return 0 if report.verified else 1
