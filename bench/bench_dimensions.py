"""FFN-only arrangements in R^3 … R^8: how the exact enumerator's cost grows with the dimension.

One ReLU layer with ``n`` random small-integer neurons (seeded) over the box ``[-1, 1]^d`` and
over all of ``R^d``. Every piece off the plane is a double description (facets and minimal
generators in integers), so the cost per cell follows the number of generators a cell has: a
``d``-cube has ``2^d`` vertices, while cells of an arrangement over ``R^d`` stay small. Prints
one JSON line per case: cells, shared facets, seconds (best of ``--repeat``), cells per second
and ``ratio`` = time per cell relative to the ``d = 3`` case of the same domain.

Run ``python bench/bench_dimensions.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from fractions import Fraction

from polyexact.cells import enumerate_cells
from polyexact.models import FFN, Domain, Layer, Model

__all__ = ["main"]

DIMS = (3, 4, 5, 6, 8)


def arrangement(d: int, n: int, seed: int, domain: str) -> Model:
    """One residual ReLU layer whose ``n`` neuron hyperplanes split the domain."""
    rng = random.Random(seed)
    W1 = tuple(tuple(Fraction(rng.randint(-5, 5)) for _ in range(d)) for _ in range(n))
    b1 = tuple(Fraction(rng.randint(-3, 3), 2) for _ in range(n))
    W2 = tuple(tuple(Fraction(int(i == k)) for i in range(n)) for k in range(d))
    layer = Layer((), W_O=((),) * d, residual=True, ffn=FFN(W1, b1, W2, (Fraction(0),) * d))
    if domain == "all":
        return Model(d, (layer,), Domain("all", (), ()))
    rows = [tuple(Fraction(s * int(i == k)) for i in range(d)) for k in range(d) for s in (1, -1)]
    return Model(d, (layer,), Domain("polytope", tuple(rows), (Fraction(1),) * (2 * d)))


def main() -> None:
    """Time every dimension on both domains and print the JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (best is kept)")
    parser.add_argument("--neurons", type=int, default=10)
    args = parser.parse_args()
    for domain in ("all", "box"):
        base: float | None = None
        for d in DIMS:
            model = arrangement(d, args.neurons, seed=1, domain=domain)
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                cx = enumerate_cells(model)
                best = min(best, time.perf_counter() - start)
            per_cell = best / cx.n_cells
            base = per_cell if base is None else base
            print(json.dumps({
                "bench": "arrangement_dimensions",
                "params": {"d": d, "neurons": args.neurons, "domain": domain, "seed": 1},
                "cells": cx.n_cells,
                "shared_facets": len(cx.adjacency),
                "seconds": round(best, 4),
                "cells_per_second": round(cx.n_cells / best),
                "ratio": round(per_cell / base, 2),
            }), flush=True)


if __name__ == "__main__":
    main()
