"""Certified enumeration at scale: time per cell, 1 vs 2 workers, certificate and verifier.

Prints one JSON line per measurement. Models are the paper's construction ``construction(2, N,
4, L)`` on [0, 1]², whose exact count is ``(2N)^{2L}`` cells (checked).

- ``per_cell``: N = 3, 5, 9 at L = 2 (1,296 / 10,000 / 104,976 cells), seconds per cell and the
  ratio to the smallest size (goal: flat within 2x);
- ``workers``: one model enumerated with ``jobs=1`` and ``jobs=2``, each in a fresh process,
  the speed-up, identical results checked (digest of the complex);
- ``workers_certificate``: the same model's certificate written by
  ``write_certificate_streamed`` with 1 and 2 workers (identical bytes checked);
- ``certified`` (``--big``): N = 4, L = 3 (262,144 cells) with 2 workers, the certificate
  streamed to a file, peak memory of this process and its workers; then ``counted``, the same
  enumeration to an in-memory complex; ``--verify`` also times the independent verifier on the
  certificate.

Run ``python bench/bench_scale.py [--big] [--verify]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from polyexact.cells import enumerate_cells, write_certificate_streamed
from polyexact.models.builders import construction

__all__ = ["main"]


def _emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def _per_cell() -> None:
    base: float | None = None
    for N in (3, 5, 9):
        model = construction(2, N, 4, 2)
        start = time.perf_counter()
        cx = enumerate_cells(model)
        seconds = time.perf_counter() - start
        assert cx.n_cells == (2 * N) ** 4
        per = seconds / cx.n_cells
        base = base or per
        _emit(bench="per_cell", params={"d": 2, "N": N, "d_ff": 4, "L": 2}, cells=cx.n_cells,
              seconds=round(seconds, 3), us_per_cell=round(per * 1e6, 1),
              ratio=round(per / base, 3))


def _timed_count(N: int, L: int, jobs: int) -> tuple[float, int, str]:
    """Run in a fresh process: seconds, cell count and a digest of the complex."""
    model = construction(2, N, 4, L)
    start = time.perf_counter()
    cx = enumerate_cells(model, jobs=jobs)
    seconds = time.perf_counter() - start
    text = repr((cx.cells, cx.adjacency, cx.region_of))
    return seconds, cx.n_cells, hashlib.sha256(text.encode()).hexdigest()


def _workers(N: int, L: int) -> None:
    # each run in a fresh process, so neither finds the other's complex in memory
    runs = {}
    for jobs in (1, 2):
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as fresh:
            runs[jobs] = fresh.submit(_timed_count, N, L, jobs).result()
    assert runs[1][1:] == runs[2][1:]
    times = {jobs: run[0] for jobs, run in runs.items()}
    _emit(bench="workers", params={"d": 2, "N": N, "d_ff": 4, "L": L},
          cells=runs[1][1], seconds_1=round(times[1], 3), seconds_2=round(times[2], 3),
          ratio=round(times[1] / times[2], 3))
    model = construction(2, N, 4, L)
    # the streamed certificate writer: workers also encode their cells, the parent stays light
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (1, 2):
            start = time.perf_counter()
            write_certificate_streamed(model, Path(tmp) / f"c{jobs}.json", jobs=jobs)
            times[jobs] = time.perf_counter() - start
        same = (Path(tmp) / "c1.json").read_bytes() == (Path(tmp) / "c2.json").read_bytes()
    assert same
    _emit(bench="workers_certificate", params={"d": 2, "N": N, "d_ff": 4, "L": L},
          cells=runs[1][1], seconds_1=round(times[1], 3), seconds_2=round(times[2], 3),
          ratio=round(times[1] / times[2], 3))


def _certified(verify: bool) -> None:
    model = construction(2, 4, 4, 3)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "certificate.json"
        start = time.perf_counter()
        summary = write_certificate_streamed(model, path, jobs=2)
        total = time.perf_counter() - start
        assert summary.pattern_cells == summary.linear_regions == 8 ** 6
        _emit(bench="certified", params={"d": 2, "N": 4, "d_ff": 4, "L": 3, "jobs": 2},
              cells=summary.pattern_cells, adjacencies=summary.adjacencies,
              certified_seconds=round(total, 2),
              certificate_mb=round(path.stat().st_size / 2**20), peak_mb=_peak_mb())
        start = time.perf_counter()
        cx = enumerate_cells(model, jobs=2)
        counted = time.perf_counter() - start
        assert cx.n_cells == summary.pattern_cells and len(cx.adjacency) == summary.adjacencies
        _emit(bench="counted", params={"d": 2, "N": 4, "d_ff": 4, "L": 3, "jobs": 2},
              cells=cx.n_cells, count_seconds=round(counted, 2), peak_mb=_peak_mb())
        del cx
        if verify:
            from polyexact.verify import verify_certificate

            start = time.perf_counter()
            report = verify_certificate(path)
            _emit(bench="verifier", valid=report.valid,
                  seconds=round(time.perf_counter() - start, 1), peak_mb=_peak_mb())


def main() -> None:
    """Run the measurements and print the JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--big", action="store_true", help="262,144 cells with a certificate")
    parser.add_argument("--verify", action="store_true", help="with --big: time the verifier")
    args = parser.parse_args()
    _per_cell()
    _workers(9, 2)
    if args.big:
        _certified(args.verify)


if __name__ == "__main__":
    main()
