"""FFN-only hyperplane arrangements: ``enumerate_cells`` against Sage's ``regions()``.

A one-layer FFN with ``n`` neurons over all of R^3 has exactly the regions of the arrangement
of its ``n`` neuron hyperplanes as pattern cells. For n = 8..14 random hyperplanes (seeded small
integer coefficients, in general position with high probability) this times
``enumerate_cells`` (cells, adjacency, interior points, maps: all exact) and Sage's
``HyperplaneArrangement.regions()`` (exact polyhedra over QQ) in the same process, checks that
the counts agree, and prints one JSON line per size with ``ratio`` = Sage / polyexact (goal
>= 10).

Sage is not a dependency of the package: install ``passagemath-polyhedra`` somewhere only for
this measurement (e.g. ``pip install --target DIR passagemath-polyhedra`` and put ``DIR`` on
``PYTHONPATH``). Run ``python bench/bench_sage_arrangements.py``.
"""

from __future__ import annotations

import json
import random
import time
from fractions import Fraction
from typing import Any

from polyexact.cells import enumerate_cells
from polyexact.models import FFN, Domain, Layer, Model

__all__ = ["main"]


def _hyperplanes(n: int, seed: int) -> list[tuple[int, int, int, int]]:
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        a = (rng.randint(-5, 5), rng.randint(-5, 5), rng.randint(-5, 5))
        if any(a):
            out.append((*a, rng.randint(-5, 5)))
    return out


def _model(planes: list[tuple[int, int, int, int]]) -> Model:
    ffn = FFN(W1=tuple(tuple(Fraction(x) for x in p[:3]) for p in planes),
              b1=tuple(Fraction(p[3]) for p in planes),
              W2=tuple(tuple(Fraction(int(i == k)) for i in range(len(planes)))
                       for k in range(3)),
              b2=(Fraction(0),) * 3)
    layer = Layer((), W_O=((), (), ()), residual=True, ffn=ffn)
    return Model(3, (layer,), Domain("all", (), ()))


def main() -> None:
    """Run the sizes and print the JSON lines."""
    try:
        sage: Any = __import__("sage.all__sagemath_polyhedra", fromlist=["*"])
    except ImportError:
        # optional comparison: without Sage, time polyexact alone and say why there is no ratio
        sage = None
    if sage is None:
        for n in (8, 10, 12, 14):
            start = time.perf_counter()
            cx = enumerate_cells(_model(_hyperplanes(n, seed=n)))
            print(json.dumps({
                "bench": "sage_arrangement_regions",
                "params": {"d": 3, "hyperplanes": n, "seed": n},
                "regions": cx.n_cells,
                "polyexact_seconds": round(time.perf_counter() - start, 3),
                "ratio": None,
                "skipped": "passagemath-polyhedra is not importable",
            }), flush=True)
        return
    H = sage.HyperplaneArrangements(sage.QQ, ("x", "y", "z"))
    x, y, z = H.gens()
    for n in (8, 10, 12, 14):
        planes = _hyperplanes(n, seed=n)
        start = time.perf_counter()
        cx = enumerate_cells(_model(planes))
        ours = time.perf_counter() - start
        arrangement = H([a * x + b * y + c * z + e for a, b, c, e in planes])
        start = time.perf_counter()
        regions = arrangement.regions()
        theirs = time.perf_counter() - start
        if len(regions) != cx.n_cells:
            raise SystemExit(f"n={n}: Sage finds {len(regions)} regions, we {cx.n_cells}")
        print(json.dumps({
            "bench": "sage_arrangement_regions",
            "params": {"d": 3, "hyperplanes": n, "seed": n},
            "regions": cx.n_cells,
            "polyexact_seconds": round(ours, 3),
            "sage_seconds": round(theirs, 3),
            "ratio": round(theirs / ours, 2),
        }), flush=True)


if __name__ == "__main__":
    main()
