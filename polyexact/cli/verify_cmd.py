"""``polyexact verify CERT [--model MODEL] [--json] [--jobs N] [--scheduler ADDRESS]``: re-check
a certificate (a file, or a folder of shards) without the enumerator."""

from __future__ import annotations

import argparse
from typing import Any

from polyexact.cli._io import add_quiet, show_progress

__all__ = ["CheckBar", "add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("verify", help="re-check a certificate independently of the enumerator "
                                      "(exit 0 valid, 1 invalid, 2 malformed)")
    p.add_argument("certificate", metavar="CERT",
                   help="a polyexact.certificate/2 JSON file, or a certificate folder (a "
                        "directory or its manifest.json)")
    p.add_argument("--model", metavar="MODEL", default=None,
                   help="a model file (polyexact.model/1 or /2, .onnx, .safetensors): the "
                        "certificate must be of this model (same canonical form and digest)")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="processes for the checks (default 0: all cores; a folder's shards "
                        "are checked whole, each by one worker); the report is the same for "
                        "every N")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="run the checks on Dask: 'local' (a local cluster of --jobs workers) "
                        "or a scheduler address; a folder's shards must be readable by the "
                        "workers at the same path")
    add_quiet(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Verify the certificate; exit 0 when valid, 1 when invalid (malformed input raises)."""
    from polyexact.cli._io import print_json
    from polyexact.errors import InputError
    from polyexact.processes import default_jobs
    from polyexact.verify import verify_certificate

    if args.jobs < 0:
        raise InputError(f"expected 0 (all cores) or a positive integer, found {args.jobs}",
                         field="--jobs")
    forms: list[Any] = [None]
    if args.model is not None:
        from polyexact.cli._model import load_model_arg, transformer_or_network

        read = load_model_arg(args.model, field="--model", note=not (args.json or args.quiet),
                              keep_network=True)
        # a network a transformer holds is certified as that transformer by `count`; a
        # certificate written of the network itself names it as read
        held = transformer_or_network(read)
        forms = [held] if held is read else [held, read]
    for expected in forms:
        with CheckBar(enabled=show_progress(args)) as progress:
            report = verify_certificate(args.certificate, jobs=args.jobs or default_jobs(),
                                        model=expected, progress=progress,
                                        scheduler=args.scheduler)
        if report.valid or not report.reason.startswith("model:"):
            break
    if args.json:
        print_json({"valid": report.valid, "reason": report.reason,
                    "pattern_cells": report.pattern_cells,
                    "linear_regions": report.linear_regions,
                    "model": report.model_name, "model_digest": report.model_digest})
    else:
        print(f"{'valid' if report.valid else 'invalid'}: {report.reason}")
        print(f"model: {report.model_name or '(unnamed)'} {report.model_digest}")
    return 0 if report.valid else 1


class CheckBar:
    """A rich progress bar on stderr for the verifier's cells when enabled (else ``None``)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(stderr=True), transient=True)
        self._bar.start()
        task = self._bar.add_task("verifying", total=None)

        def update(checked: int, total: int) -> None:
            self._bar.update(task, completed=checked, total=total,
                             description=f"verifying: {checked}/{total} cells")

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
