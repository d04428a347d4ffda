"""Newton-polytope experiments and conjectures: Fig. 6(b), C1 (bias-free layers), C4 (d_k = 1).

Vertex counts are exact (labelled Minkowski sums, docs/theory.md §3). Random point sets are seeded
rationals; floats only propose coordinates, which are then fixed as exact rationals. Prop. V.1,
Thm V.2 and Fig. 4 are checked in :mod:`polyexact.claims.polytopes`.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from polyexact.claims._data import fit_exponent
from polyexact.claims._polygons import _gauss_point, circle_polygon, parabola_polygon
from polyexact.claims.registry import Finding, Verdict, register

__all__: list[str] = []

#: Fig. 6(b)'s counts for N = 2..7 (d = 4), by number of summands H.
PAPER_FIG6B = {2: (4, 9, 16, 24, 28, 35), 3: (8, 27, 45, 62, 87, 111)}


@register(
    "fig6b",
    "Fig. 6(b): random Gaussian exponent sets in R^4 give Minkowski-sum vertex counts H=1: N; "
    "H=2: 4/9/16/24/28/35; H=3: 8/27/45/62/87/111 for N = 2..7.",
)
def _check_fig6b(quick: bool) -> Finding:
    """Exact vertex counts of seeded Gaussian-like rational sets (d = 4), beside the paper's."""
    from polyexact.tropical import minkowski_sum

    seeds = range(2) if quick else range(5)
    sizes = range(2, 6) if quick else range(2, 8)
    table: dict[str, Any] = {}
    for h in (1, 2, 3):
        for n in sizes:
            counts = []
            for s in seeds:
                rng = random.Random(1000 * h + 10 * n + s)
                counts.append(minkowski_sum(
                    [[_gauss_point(rng, 4) for _ in range(n)] for _ in range(h)]).n_vertices)
            entry: dict[str, Any] = {"per_seed": counts, "N^H": n ** h}
            entry["paper"] = n if h == 1 else PAPER_FIG6B[h][n - 2]
            table[f"H={h},N={n}"] = entry
    means = {h: [sum(table[f"H={h},N={n}"]["per_seed"]) / len(seeds) for n in sizes]
             for h in (2, 3)}
    return Finding(
        Verdict.OPEN,
        f"mean exact counts over {len(seeds)} seeds, N={list(sizes)}: H=2 {means[2]}, "
        f"H=3 {means[3]} (paper: 4/9/16/24/28/35, 8/27/45/62/87/111)",
        {"d": 4, "points": "Gaussian rounded to (1/64)Z^4", "counts": table},
    )


@register(
    "C1",
    "Conjecture: one bias-free layer with d_k ≥ 2 has at most Θ(N^{min(H, d−1)}) cells.",
)
def _check_c1(quick: bool) -> Finding:
    """Bias-free cells = vertices of the (unlifted) Minkowski sum; d = 2 and d = 3 families."""
    from polyexact.tropical import minkowski_sum

    d2_sizes = [4, 8, 16] if quick else [4, 8, 16, 32]
    d2 = [minkowski_sum([[list(p) for p in circle_polygon(n, off)] for off in (0.1, 0.4, 0.7)])
          .n_vertices for n in d2_sizes]
    d3_sizes = [3, 4, 5] if quick else [3, 4, 5, 6, 8]
    d3: dict[str, list[int]] = {}
    for h, planes in ((1, [(1,)]), (2, [(1,), (2,)]), (3, [(1,), (2,), (1, 2)])):
        d3[f"H={h}"] = [minkowski_sum([parabola_polygon(n, a, 3) for a in planes]).n_vertices
                        for n in d3_sizes]
    fits = {"d=2,H=3": fit_exponent(d2_sizes, d2),
            **{f"d=3,{k}": fit_exponent(d3_sizes, v) for k, v in d3.items()}}
    return Finding(
        Verdict.OPEN,
        f"d=2, H=3: {d2} for N={d2_sizes} (= 3N); fitted exponents {fits} "
        f"(min(H, d−1): 1; 1, 2, 2)",
        {"d2_H3": {"N": d2_sizes, "cells": d2}, "d3_parabola_polygons": {"N": d3_sizes, **d3},
         "fitted_exponent": fits},
    )


@register(
    "C4",
    "Conjecture: with head width d_k = 1 the cell count does not depend on N.",
)
def _check_c4(quick: bool) -> Finding:
    """d_k = 1: sites a_j = k_j·w are collinear; count upper vertices with and without offsets."""
    from polyexact.tropical import upper_vertices

    rng = random.Random(44)
    sizes = [2, 4, 8] if quick else [2, 4, 8, 16, 32]
    plain, offsets = [], []
    for n in sizes:
        w = [Fraction(rng.randint(1, 5)), Fraction(rng.randint(-5, 5))]
        b = Fraction(rng.randint(-5, 5))
        keys = [Fraction(rng.randint(-50, 50), 7) for _ in range(n)]
        sites = [[k * c for c in w] for k in keys]
        plain.append(max(len(upper_vertices(sites, [b * k for k in keys])),
                         len(upper_vertices(sites, [Fraction(0)] * n))))
        # per-key logit offsets c_j: a concave choice makes every key own a cell
        centres = sorted(set(keys))
        c = [-k * k / 2 for k in centres]
        offsets.append(len(upper_vertices([[k * x for x in w] for k in centres], c)))
    search = _c4_search(quick)
    return Finding(
        Verdict.CONDITIONAL if search["counterexample"] is None else Verdict.REFUTED,
        f"d_k = 1, query bias only: max {max(plain)} cells for N={sizes}; with logit offsets: "
        f"{offsets} (grows with N)",
        {"N": sizes, "cells_without_offsets": plain, "cells_with_logit_offsets": offsets,
         "condition": "holds without per-key logit offsets (collinear lifts: ≤ 2 upper "
                      "vertices); offsets c_j make a 1-D tropical polynomial with up to N cells",
         "random_search": search},
    )


def _c4_search(quick: bool) -> dict[str, Any]:
    """Search random exact models (one head, d_k = 1, no offsets) for one with > 2 cells."""
    from polyexact.lab import find_counterexample
    from polyexact.models.load import model_to_data

    examples = 100 if quick else 300
    found = find_counterexample(lambda model, cx: cx.n_cells <= 2, d=2, heads=1, d_k=1,
                                n_keys=(1, 8), d_ff=0, max_examples=examples)
    return {"claim": "one layer, one head of width d_k = 1, keys N = 1..8, no logit offsets: "
                     "at most 2 pattern cells", "max_examples": examples,
            "counterexample": None if found is None else model_to_data(found.model)}
