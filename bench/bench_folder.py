"""Big certified counts as a user runs them: ``polyexact count`` with a certificate folder.

For each size, runs the command line end to end in a fresh process,

    polyexact count m.json --certificate DIR --jobs 2 -q --json [--no-verify]

where ``m.json`` is ``construction(2, N, 4, L)`` on [0, 1]² with exactly ``(2N)^{2L}`` cells
(checked against the printed count), and prints one JSON line per run: wall seconds, the
fixed cost of the same command on the 16-cell model (start-up, imports), microseconds per
cell beyond that fixed cost and their ratio to the smallest size, the peak resident memory of
the ``count`` process and of the largest other process of its tree (pool or Dask workers;
sampled every 0.2 s), the certificate folder's size and number of shards.

Sizes (cells): 1,296 · 10,000 · 104,976 · 262,144 · 1,048,576 (``--quick``: the first two;
``--huge`` adds L = 4, 16,777,216 cells). ``--verify`` runs the default command (enumeration,
folder, then the independent verification of the folder) instead of ``--no-verify``;
``--then-verify`` runs ``polyexact verify DIR --jobs 2`` on each folder written with
``--no-verify`` and reports its time beside the enumeration's; ``--verify-existing DIR`` only
verifies the folder ``DIR/cert`` left by ``--keep DIR``.

Run ``python bench/bench_folder.py [--quick | --huge | --only N,L] [--keep DIR] [--verify |
--then-verify]`` or ``python bench/bench_folder.py --verify-existing DIR``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from polyexact.models.builders import construction
from polyexact.models.load import write_model

__all__ = ["main"]

#: (N, L) of construction(2, N, 4, L): (2N)^(2L) cells.
SIZES = [(3, 2), (5, 2), (9, 2), (4, 3), (16, 2)]
HUGE = (4, 4)


def _run(cmd: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, peak RSS (MB) of the process and of its largest descendant, stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    top = psutil.Process(proc.pid)
    peaks: dict[int, float] = {}
    while proc.poll() is None:
        try:
            for p in (top, *top.children(recursive=True)):
                try:
                    rss = p.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                peaks[p.pid] = max(peaks.get(p.pid, 0.0), rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    out = proc.stdout.read() if proc.stdout is not None else ""
    if proc.wait() != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    seconds = time.perf_counter() - start
    own = peaks.pop(proc.pid, 0.0)
    return seconds, own, max(peaks.values(), default=0.0), out


def _size(folder: Path) -> tuple[int, int]:
    files = list(folder.iterdir())
    return sum(f.stat().st_size for f in files), sum(f.name.startswith("shard-") for f in files)


def main(argv: list[str] | None = None) -> None:
    """Run the sizes and print one JSON line each."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the two smallest sizes only")
    ap.add_argument("--huge", action="store_true", help="also L = 4 (16,777,216 cells)")
    ap.add_argument("--only", metavar="N,L", default=None,
                    help="one size only, construction(2, N, 4, L)")
    ap.add_argument("--keep", metavar="DIR", default=None,
                    help="write the model and certificate folder into DIR and keep them")
    ap.add_argument("--verify", action="store_true", help="verify the folder (the default path)")
    ap.add_argument("--then-verify", action="store_true",
                    help="count with --no-verify, then time `polyexact verify` on the folder")
    ap.add_argument("--verify-existing", metavar="DIR", default=None,
                    help="only verify DIR/cert (written by --keep DIR)")
    args = ap.parse_args(argv)
    if args.verify_existing is not None:
        checked = _verify(Path(args.verify_existing) / "cert")
        print(json.dumps({"bench": "verify_folder", **checked}), flush=True)
        return
    sizes = SIZES[:2] if args.quick else SIZES + ([HUGE] if args.huge else [])
    if args.only is not None:
        n, ell = (int(x) for x in args.only.split(","))
        sizes = [(n, ell)]
    base: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        fixed = None
        for N, L in [(1, 1), *sizes]:
            where = Path(args.keep) if args.keep is not None and fixed is not None else Path(tmp)
            model, cert = where / "m.json", where / "cert"
            write_model(construction(2, N, 4, L), model)
            cmd = [sys.executable, "-m", "polyexact", "count", str(model), "--certificate",
                   str(cert), "--jobs", "2", "-q", "--json"]
            seconds, own, worker, out = _run(cmd + ([] if args.verify else ["--no-verify"]))
            cells = json.loads(out)["pattern_cells"]
            if cells != (2 * N) ** (2 * L):
                raise SystemExit(f"N={N}, L={L}: counted {cells}, expected {(2 * N) ** (2 * L)}")
            if fixed is None:
                # the 16-cell model: start-up, imports, pool; what every size pays once
                fixed = seconds
                continue
            per_cell = (seconds - fixed) / cells * 1e6
            base = base or per_cell
            size, shards = _size(cert)
            checked = _verify(cert) if args.then_verify else {}
            if checked:
                checked["verify_over_count"] = round(checked["verify_seconds"] / seconds, 2)
            print(json.dumps({
                "bench": "count_folder" + ("_verified" if args.verify else ""),
                "params": {"N": N, "L": L, "cells": cells, "jobs": 2},
                "seconds": round(seconds, 2), "fixed_seconds": round(fixed, 2),
                "us_per_cell": round(per_cell, 1),
                "ratio_to_smallest": round(per_cell / base, 2),
                "peak_mb_count": round(own), "peak_mb_largest_worker": round(worker),
                "certificate_mb": round(size / 2**20, 1), "shards": shards, **checked,
            }), flush=True)


def _verify(cert: Path) -> dict[str, float]:
    """``polyexact verify CERT --jobs 2``: wall seconds, peak memory of the parent and of the
    largest worker."""
    cmd = [sys.executable, "-m", "polyexact", "verify", str(cert), "--jobs", "2", "-q"]
    seconds, own, worker, out = _run(cmd)
    if not out.startswith("valid"):
        raise SystemExit(f"{cert}: {out}")
    return {"verify_seconds": round(seconds, 2), "verify_peak_mb_parent": round(own),
            "verify_peak_mb_largest_worker": round(worker)}


if __name__ == "__main__":
    main()
