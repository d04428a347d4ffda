"""``polyexact count MODEL [--json] [--certificate PATH] [--max-cells N] [--no-verify] [--jobs N]
[--scheduler ADDRESS] [--quiet]``.

Exit status: 0 counted; 1 stopped by ``--max-cells`` (message ``stopped: more than N cells``)
or a self-check failed; 2 bad input.

JSON fields: ``pattern_cells``, ``linear_regions``, ``shared_facets`` (pairs of cells sharing a
facet, the "shared facets" of the table), ``domain``, ``certified``, ``seconds``, ``model``,
``region_definition``, ``certificate`` when written, and ``dual_vertices`` only when the dual
check applies (domain R^d, one layer with heads and no FFN): the number of upper vertices of
the lifted Minkowski sum of the heads' key sets, which must equal ``pattern_cells`` (checked).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from polyexact.cli._io import (
    EnumerationBar,
    Phase,
    add_quiet,
    check_outputs,
    print_json,
    show_progress,
)
from polyexact.errors import InternalCheckError

__all__ = ["add_parser", "run"]

#: Above this bound on the cell count, the bound is announced on stderr before enumerating.
_ANNOUNCE_ABOVE = 1000
#: Above this bound, a one-file certificate gets a hint about the folder form.
_FOLDER_HINT = 4_000_000
#: With the default --jobs 0, models with at most this many cells (by the upper bound) are
#: enumerated in this process: starting a pool costs more than their whole enumeration.
_SERIAL_UP_TO = 4096


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    p = sub.add_parser("count", help="exact pattern-cell and maximal-linear-region counts")
    p.add_argument("model", metavar="MODEL", help="a polyexact.model/1 or /2 JSON file, an .onnx "
                                                  "file or .safetensors weights carrying their "
                                                  "architecture (imported exactly and checked)")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.add_argument("--certificate", metavar="PATH", default=None,
                   help="also write a certificate that `polyexact verify` re-checks: one file "
                        "if PATH ends in .json, else a folder of gzip shards written by the "
                        "workers (for big models: memory stays bounded)")
    p.add_argument("--max-cells", metavar="N", type=int, default=None,
                   help="stop (exit 1) as soon as there are more than N cells")
    p.add_argument("--no-verify", action="store_true",
                   help="skip the independent re-check (then certified is false)")
    p.add_argument("--jobs", metavar="N", type=int, default=0,
                   help="worker processes for the enumeration and the re-check (default 0: "
                        "one per core; models of at most 4096 cells are enumerated in-process)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="run on Dask: 'local' (a local cluster of --jobs workers) or "
                        "tcp://HOST:PORT")
    add_quiet(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Enumerate the model's cells, re-check them, print the counts."""
    from polyexact.cells import CellLimitError, cell_count_bound, enumerate_cells
    from polyexact.cells.dual import check_dual, dual_applies
    from polyexact.cells.summary import REGION_DEFINITIONS, model_variant
    from polyexact.cli._model import load_model_arg
    from polyexact.cli.count_network import count_network
    from polyexact.errors import InputError
    from polyexact.models.load import model_to_data
    from polyexact.networks import Network

    if args.max_cells is not None and args.max_cells < 1:
        raise InputError(f"expected a positive integer, found {args.max_cells}",
                         field="--max-cells")
    if args.jobs < 0:
        raise InputError(f"expected 0 (all cores) or a positive integer, found {args.jobs}",
                         field="--jobs")
    folder = args.certificate is not None and not args.certificate.endswith(".json")
    check_outputs([args.model], {"--certificate": None if folder else args.certificate})
    if folder:
        from polyexact.certificates.folder import check_folder_output

        check_folder_output(args.certificate)
    model = load_model_arg(args.model, note=not (args.json or args.quiet))
    if isinstance(model, Network):  # no version-1 transformer holds it
        return count_network(model, args)
    bound = cell_count_bound(model)
    bar = show_progress(args)
    if not args.json and bound > _ANNOUNCE_ABOVE:
        print(f"upper bound on the number of pattern cells: {bound}", file=sys.stderr)
    if bar and args.certificate is not None and not folder and bound > _FOLDER_HINT:
        print("hint: a one-file certificate is held in memory until written; a --certificate "
              "path not ending in .json writes a folder of shards in bounded memory",
              file=sys.stderr)
    # the result never depends on the number of workers; only the time does
    enumerate_jobs = 1 if args.jobs == 0 and bound <= _SERIAL_UP_TO else args.jobs
    start = time.perf_counter()
    if folder or (args.certificate is not None and not dual_applies(model)):
        # big runs: the certificate is written without holding the complex, then re-checked
        # from the file by the independent verifier
        try:
            with EnumerationBar(enabled=bar, what="enumerating and writing the certificate"
                                ) as progress:
                n_cells, n_regions, n_adjacent = _write_streamed(model, args, enumerate_jobs,
                                                                 progress, folder)
        except CellLimitError as err:
            return _stopped(err, args.json)
        dual = None
        certified = (False if args.no_verify else
                     _verify_file(args.certificate, args.jobs, bar, args.scheduler))
        seconds = time.perf_counter() - start
    else:
        try:
            with EnumerationBar(enabled=bar) as progress:
                complex_ = enumerate_cells(model, progress=progress, max_cells=args.max_cells,
                                           jobs=enumerate_jobs, scheduler=args.scheduler)
        except CellLimitError as err:
            return _stopped(err, args.json)
        dual = check_dual(complex_) if dual_applies(model) else None
        if args.certificate is not None:
            # what is certified is what is written: the file is read back and verified
            with Phase(f"writing the certificate of {complex_.n_cells} cells", enabled=bar):
                _write_certificate(complex_, args.certificate)
            certified = (False if args.no_verify else
                         _verify_file(args.certificate, args.jobs, bar, args.scheduler))
        else:
            certified = False if args.no_verify else _verify(complex_, args.jobs, bar)
        seconds = time.perf_counter() - start
        n_cells, n_regions = complex_.n_cells, complex_.n_regions
        n_adjacent = len(complex_.adjacency)
    data: dict[str, Any] = {
        "pattern_cells": n_cells,
        "linear_regions": n_regions,
        "shared_facets": n_adjacent,
        "domain": model_to_data(model)["domain"],
        "certified": certified,
        "seconds": round(seconds, 6),
        "model": model_variant(model),
        "region_definition": REGION_DEFINITIONS,
    }
    if dual is not None:
        # only where the dual check applies (see the module docstring); never a bare null
        data["dual_vertices"] = dual
    if args.certificate is not None:
        data["certificate"] = str(args.certificate)
    if args.json:
        print_json(data)
    else:
        _print_table(data)
    return 0


def _stopped(err: Exception, as_json: bool) -> int:
    """``--max-cells`` reached: the message on stderr (and as a JSON error document), exit 1."""
    print(str(err), file=sys.stderr)
    if as_json:
        print_json({"error": {"field": "--max-cells", "message": str(err)}})
    return 1


def _verify(complex_: Any, jobs: int, bar: bool) -> bool:
    """Re-check the result with the independent verifier (not the enumerator's own code): the
    certificate's canonical text, the bytes ``--certificate`` would write, its cells parsed by
    the verifier's workers."""
    from polyexact.certificates.scan import scan_certificate_text
    from polyexact.certificates.write import certificate_text
    from polyexact.cli.verify_cmd import CheckBar
    from polyexact.processes import default_jobs
    from polyexact.verify import verify_certificate

    scanned = scan_certificate_text(certificate_text(complex_))
    if scanned is None:
        raise InternalCheckError("the certificate's own text does not scan")
    with CheckBar(enabled=bar and sys.stderr.isatty()) as progress:
        return bool(verify_certificate(scanned, jobs=jobs or default_jobs(),
                                       progress=progress).valid)


def _write_streamed(model: Any, args: argparse.Namespace, jobs: int,
                    progress: Any, folder: bool) -> tuple[int, int, int]:
    from polyexact.cells.shards import write_certificate_folder
    from polyexact.cells.stream import write_certificate_streamed

    write = write_certificate_folder if folder else write_certificate_streamed
    s = write(model, args.certificate, jobs=jobs, scheduler=args.scheduler, progress=progress,
              max_cells=args.max_cells)
    return s.pattern_cells, s.linear_regions, s.adjacencies


def _verify_file(path: str, jobs: int, bar: bool, scheduler: str | None = None) -> bool:
    """Re-check the written certificate file (its bytes on disk) with the independent verifier,
    on the same Dask cluster as the enumeration when there was one."""
    from polyexact.cli.verify_cmd import CheckBar
    from polyexact.processes import default_jobs
    from polyexact.verify import verify_certificate

    with CheckBar(enabled=bar and sys.stderr.isatty()) as progress:
        return bool(verify_certificate(path, jobs=jobs or default_jobs(), progress=progress,
                                       scheduler=scheduler).valid)


def _write_certificate(complex_: Any, path: str) -> None:
    from polyexact.certificates.write import write_certificate

    write_certificate(complex_, path)


def _print_table(data: dict[str, Any]) -> None:
    domain = data["domain"]
    rows = [
        ("model", data["model"]["name"] or "(unnamed)"),
        ("domain", domain if isinstance(domain, str) else next(iter(domain))),
        ("pattern cells", str(data["pattern_cells"])),
        ("linear regions", str(data["linear_regions"])),
        ("shared facets", str(data["shared_facets"])),
        ("certified", "yes (independent re-check)" if data["certified"] else "no"),
        ("seconds", f"{data['seconds']:.3f}"),
    ]
    if "dual_vertices" in data:
        rows.insert(4, ("Minkowski check", f"{data['dual_vertices']} upper vertices, agrees"))
    if "certificate" in data:
        rows.append(("certificate", data["certificate"]))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
