"""``polyexact sweep SPEC --out DIR [--jobs N] [--scheduler tcp://HOST:PORT|local] [--no-verify]
[--plot FILE] [--quiet]``.

Counts every point of a ``polyexact.sweep/1`` grid into ``DIR/results.jsonl``; running the same
command again counts only the missing points. Exit status: 0 done; 2 bad input; 130 on Ctrl-C
(every finished row is kept).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("sweep", help="count every point of a grid of models (resumable)")
    p.add_argument("spec", metavar="SPEC", help="a polyexact.sweep/1 JSON file")
    p.add_argument("--out", metavar="DIR", required=True,
                   help="output folder: rows are appended to DIR/results.jsonl")
    p.add_argument("--jobs", metavar="N", type=int, default=0,
                   help="worker processes (default 0: one per core; 1: in this process)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="run on an existing Dask cluster at tcp://HOST:PORT ('local': a "
                        "local Dask cluster of --jobs workers)")
    p.add_argument("--no-verify", action="store_true",
                   help="skip the independent re-check (rows then have certified false)")
    p.add_argument("--plot", metavar="FILE", default=None,
                   help="also draw the counts against each swept parameter (.png or .svg)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the sweep, optionally plot it, print one summary line."""
    from polyexact.errors import InputError
    from polyexact.lab import RESULTS, read_sweep_spec, run_sweep

    if args.jobs < 0:
        raise InputError(f"expected 0 (all cores) or a positive integer, found {args.jobs}",
                         field="--jobs")
    if args.scheduler is not None and not (args.scheduler == "local"
                                           or args.scheduler.startswith("tcp://")):
        raise InputError(f"expected tcp://HOST:PORT or local, found {args.scheduler!r}",
                         field="--scheduler")
    if args.plot is not None and not args.plot.endswith((".png", ".svg")):
        raise InputError("expected a file name ending in .png or .svg", field="--plot")
    spec = read_sweep_spec(args.spec)
    if args.scheduler is not None:
        _quiet_dask_logs()
    earlier: list[int] = []  # rows found from an earlier run (the first progress call)
    with _ProgressBar(enabled=not args.quiet and sys.stderr.isatty()) as bar:

        def progress(done: int, total: int) -> None:
            if not earlier:
                earlier.append(done)
            if bar is not None:
                bar(done, total)

        rows = run_sweep(spec, args.out, jobs=args.jobs, scheduler=args.scheduler,
                         verify=not args.no_verify, progress=progress)
    if args.plot is not None:
        from polyexact.lab import plot_sweep

        plot_sweep(rows, args.plot)
    if not args.quiet:
        certified = sum(bool(r["certified"]) for r in rows)
        where = f"{args.out.rstrip('/')}/{RESULTS}"
        print(f"{len(rows)} points ({len(rows) - earlier[0]} counted now, {certified} "
              f"certified) in {where}" + (f"; plot in {args.plot}" if args.plot else ""))
    return 0


def _quiet_dask_logs() -> None:
    """A lost cluster is reported as one ``error:`` line; Dask's own log records would add
    tracebacks on stderr. Its loggers get their levels when it is imported, so import it first."""
    import logging

    import dask.distributed  # noqa: F401  (sets up the loggers silenced here)

    for name in [*logging.root.manager.loggerDict, "distributed"]:
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)


class _ProgressBar:
    """A rich bar on stderr (done/total, ETA) when enabled; yields the callback or None."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(TextColumn("sweep"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("ETA"), TimeRemainingColumn(),
                             console=Console(stderr=True), transient=True)
        self._bar.start()
        task: Any = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if task is None:  # rows from an earlier run do not count towards the speed
                task = self._bar.add_task("sweep", total=total, completed=done)
            else:
                self._bar.update(task, completed=done)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
