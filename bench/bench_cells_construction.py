"""Time certified cell enumeration on the paper's construction (d=2, N=4, d_ff=4, L=1, 2[, 3]).

Prints one JSON line per point: ``bench``, ``params``, ``seconds``, ``cells``, ``cells_per_s``
and ``ratio`` (cells per second relative to the L=1 baseline timed in the same run).
Run ``python bench/bench_cells_construction.py [--big]``; ``--big`` adds L=3 (262,144 cells).
"""

from __future__ import annotations

import argparse
import json
import time

from polyexact.cells import enumerate_cells
from polyexact.models.builders import construction

__all__ = ["main"]


def _time(L: int) -> tuple[float, int, int]:
    model = construction(2, 4, 4, L)
    start = time.perf_counter()
    cx = enumerate_cells(model)
    seconds = time.perf_counter() - start
    if cx.n_cells != cx.n_regions or cx.n_cells != 8 ** (2 * L):
        raise SystemExit(f"wrong count for L={L}: {cx.n_cells} cells, {cx.n_regions} regions")
    return seconds, cx.n_cells, len(cx.adjacency)


def main() -> None:
    """Run the size grid and print the JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--big", action="store_true", help="also L=3 (262,144 cells)")
    args = parser.parse_args()
    grid = [1, 2, 3] if args.big else [1, 2]
    baseline: float | None = None
    for L in grid:
        seconds, cells, adjacencies = _time(L)
        rate = cells / seconds
        baseline = baseline or rate
        print(json.dumps({
            "bench": "cells_construction",
            "params": {"d": 2, "N": 4, "d_ff": 4, "L": L},
            "seconds": round(seconds, 3),
            "cells": cells,
            "adjacencies": adjacencies,
            "cells_per_s": round(rate, 1),
            "ratio": round(rate / baseline, 3),
        }), flush=True)


if __name__ == "__main__":
    main()
