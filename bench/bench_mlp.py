"""ReLU MLPs of one and several hidden layers over R^2 … R^4: exact cells per second.

Seeded ``random_mlp`` networks (weights ``k / 3``), enumerated over all of ``R^d`` in one
process. Prints one JSON line per network: widths, cells, linear regions, shared facets, seconds
(best of ``--repeat``) and cells per second. When the optional ``relucent`` package is installed
it would be timed on the same networks; it is never a dependency, and absent here it is reported
as skipped.

Run ``python bench/bench_mlp.py [--repeat N] [--quick]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time

from polyexact.cells import enumerate_cells
from polyexact.networks import random_mlp

__all__ = ["main"]

NETS = ([2, 8, 1], [2, 8, 8, 1], [3, 10, 1], [3, 8, 8, 1], [4, 8, 1], [4, 8, 8, 1])
QUICK = ([2, 8, 1], [2, 8, 8, 1])


def main() -> None:
    """Time every network and print the JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (best is kept)")
    parser.add_argument("--quick", action="store_true", help="the two smallest networks, once")
    args = parser.parse_args()
    peer = importlib.util.find_spec("relucent") is not None
    for widths in QUICK if args.quick else NETS:
        net = random_mlp(widths, seed=11, denominator=3)
        best = float("inf")
        cx = None
        for _ in range(1 if args.quick else args.repeat):
            start = time.perf_counter()
            cx = enumerate_cells(net)
            best = min(best, time.perf_counter() - start)
        assert cx is not None
        print(json.dumps({
            "bench": "mlp", "params": {"widths": widths, "seed": 11, "domain": "all"},
            "cells": cx.n_cells, "regions": cx.n_regions, "shared_facets": len(cx.adjacency),
            "seconds": round(best, 4), "cells_per_second": round(cx.n_cells / best, 1),
            "relucent": ("installed: comparison not implemented" if peer
                         else "not installed: skipped"),
        }), flush=True)


if __name__ == "__main__":
    main()
