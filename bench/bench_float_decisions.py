"""Certified enumeration against the same enumeration with every keep/drop decided in floats.

The float-only variant exists only in this script. It runs the package's own enumerator with
the polygon primitives replaced by double-precision versions (Python floats: IEEE 754 doubles,
the same numbers as ``numpy.float64``; numpy arrays were slower than plain floats on polygons of
3–8 vertices, which would have flattered the exact code): vertices are float pairs, a cut keeps
a vertex when its float slack is ``>= -1e-12``, a child is dropped when no vertex has float
slack ``> 1e-12``, interior points are float centroids and edge overlaps for adjacency are
compared in floats. Everything else (pulled-back rows, maps, hyperplane keys) is the same exact
code in both runs, so ``ratio`` is the price of deciding exactly.

Prints one JSON line per model: ``exact_seconds``, ``float_seconds``, ``ratio`` (exact / float,
goal <= 2), and both counts (they must agree).

Run ``python bench/bench_float_decisions.py [--big]`` (``--big`` adds 262,144 cells).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

import polyexact.cells.geometry_polygon as polygon_module
from polyexact.cells import enumerate_cells
from polyexact.models.builders import construction

__all__ = ["main"]

_EPS = 1e-12
_FPoint = tuple[float, float]
_FPoly = tuple[tuple[_FPoint, ...], tuple[int, ...]]


def _as_float(v: Any) -> _FPoint:
    # the root polygon comes from the exact code as (X, Y, W)
    if len(v) == 3:
        return v[0] / v[2], v[1] / v[2]
    return v  # type: ignore[no-any-return]


def _float_row(a: Sequence[Fraction], beta: Fraction) -> tuple[float, float, float]:
    return float(a[0]), float(a[1]), float(beta)


def _float_cut(poly: Any, row: tuple[float, float, float], label: int) -> _FPoly | None:
    verts = [_as_float(v) for v in poly[0]]
    labels = poly[1]
    p0, p1, q = row
    slack = [q - p0 * x - p1 * y for x, y in verts]
    if min(slack) >= -_EPS:
        return tuple(verts), labels
    if max(slack) <= _EPS:
        return None
    n = len(verts)
    out_v: list[_FPoint] = []
    out_l: list[int] = []
    for i in range(n):
        j = i + 1 if i + 1 < n else 0
        sc, sn = slack[i], slack[j]
        if sc >= -_EPS:
            out_v.append(verts[i])
            out_l.append(label if abs(sc) <= _EPS and sn < -_EPS else labels[i])
            if sc > _EPS and sn < -_EPS:
                t = sc / (sc - sn)
                (x0, y0), (x1, y1) = verts[i], verts[j]
                out_v.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
                out_l.append(label)
        elif sn > _EPS:
            t = sc / (sc - sn)
            (x0, y0), (x1, y1) = verts[i], verts[j]
            out_v.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
            out_l.append(labels[i])
    return tuple(out_v), tuple(out_l)


def _float_centroid(poly: Any) -> tuple[float, float]:
    verts = [_as_float(v) for v in poly[0]]
    return sum(v[0] for v in verts) / len(verts), sum(v[1] for v in verts) / len(verts)


def _float_span(poly: Any, edge: int, coordinate: int) -> tuple[float, float]:
    verts = poly[0]
    u = _as_float(verts[edge])[coordinate]
    v = _as_float(verts[(edge + 1) % len(verts)])[coordinate]
    return (u, v) if u <= v else (v, u)


@contextmanager
def float_decisions() -> Iterator[None]:
    """Within this block, the enumerator decides every keep/drop in floats (not certified)."""
    patches = ((polygon_module, "cut_polygon", _float_cut),
               (polygon_module, "int_row", _float_row),
               (polygon_module, "centroid", _float_centroid),
               (polygon_module, "edge_span", _float_span))
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, replacement in patches:
        setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


def _measure(N: int, L: int) -> None:
    model = construction(2, N, 4, L)
    start = time.perf_counter()
    exact = enumerate_cells(model)
    exact_s = time.perf_counter() - start
    with float_decisions():
        start = time.perf_counter()
        floats = enumerate_cells(model)
        float_s = time.perf_counter() - start
    print(json.dumps({
        "bench": "float_decisions",
        "params": {"d": 2, "N": N, "d_ff": 4, "L": L, "jobs": 1},
        "cells_exact": exact.n_cells,
        "cells_float": floats.n_cells,
        "adjacencies_exact": len(exact.adjacency),
        "adjacencies_float": len(floats.adjacency),
        "exact_seconds": round(exact_s, 3),
        "float_seconds": round(float_s, 3),
        "ratio": round(exact_s / float_s, 3),
    }), flush=True)


def main() -> None:
    """Run the comparison and print the JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--big", action="store_true", help="also N = 4, L = 3 (262,144 cells)")
    args = parser.parse_args()
    for N, L in [(4, 2), (9, 2)] + ([(4, 3)] if args.big else []):
        _measure(N, L)


if __name__ == "__main__":
    main()
