"""FFN-only hyperplane arrangements: ``enumerate_cells`` against Sage's ``regions()``.

A one-layer FFN with ``n`` neurons over all of R^3 has exactly the regions of the arrangement
of its ``n`` neuron hyperplanes as pattern cells. For n = 8..20 random hyperplanes (seeded small
integer coefficients, in general position with high probability) this times
``enumerate_cells`` (cells, adjacency, interior points, maps: all exact) and Sage's
``HyperplaneArrangement.regions()`` (exact polyhedra over QQ) in the same process (best of three
runs each, after a warm-up call of both), checks that the counts agree, and prints one JSON line
per size with ``ratio`` = Sage / polyexact (goal >= 10).

Sage is not a dependency of the package: install ``passagemath-polyhedra`` somewhere only for
this measurement (e.g. ``pip install --target DIR passagemath-polyhedra`` and put ``DIR`` on
``PYTHONPATH``). Run ``python bench/bench_sage_arrangements.py``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import Any

from polyexact.cells import enumerate_cells
from polyexact.models import FFN, Domain, Layer, Model

__all__ = ["main"]


def _hyperplanes(n: int, seed: int) -> list[tuple[int, int, int, int]]:
    rng = random.Random(seed)
    out: list[tuple[int, int, int, int]] = []
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


SIZES = (8, 10, 12, 14, 16, 20)


def _sage_regions(arrangements: Any, forms: list[Any]) -> Any:
    # a fresh arrangement each run: regions() is cached on the arrangement
    return arrangements(forms).regions()


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best wall time of ``repeat`` runs, and the last result."""
    best: float = float("inf")
    out: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    """Run the sizes and print the JSON lines."""
    repeat = 3
    try:
        sage: Any = __import__("sage.all__sagemath_polyhedra", fromlist=["*"])
    except ImportError:
        # optional comparison: without Sage, time polyexact alone and say why there is no ratio
        sage = None
    enumerate_cells(_model(_hyperplanes(4, seed=0)))  # warm-up: first-call imports
    if sage is not None:
        H = sage.HyperplaneArrangements(sage.QQ, ("x", "y", "z"))
        x, y, z = H.gens()
        H([x, y, z]).regions()  # warm-up
    for n in SIZES:
        planes = _hyperplanes(n, seed=n)
        model = _model(planes)
        ours, cx = _best(partial(enumerate_cells, model), repeat)
        line: dict[str, Any] = {
            "bench": "sage_arrangement_regions",
            "params": {"d": 3, "hyperplanes": n, "seed": n, "repeat": repeat},
            "regions": cx.n_cells,
            "adjacencies": len(cx.adjacency),
            "polyexact_seconds": round(ours, 4),
            "polyexact_cells_per_second": round(cx.n_cells / ours),
        }
        if sage is None:
            line.update(ratio=None, skipped="passagemath-polyhedra is not importable")
        else:
            forms = [a * x + b * y + c * z + e for a, b, c, e in planes]
            theirs, regions = _best(partial(_sage_regions, H, forms), repeat)
            if len(regions) != cx.n_cells:
                raise SystemExit(f"n={n}: Sage finds {len(regions)} regions, we {cx.n_cells}")
            line.update(sage_seconds=round(theirs, 4), ratio=round(theirs / ours, 2))
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
