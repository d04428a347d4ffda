"""Claims about Newton polytopes and Minkowski sums: Prop. V.1, Thm V.2, Fig. 4.

Vertex counts are exact (labelled Minkowski sums, docs/theory.md §3). Random point sets are seeded
rationals; floats only propose coordinates, which are then fixed as exact rationals. Fig. 6(b),
C1 and C4 are checked in :mod:`polyexact.claims.polytope_experiments`.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from typing import Any

from polyexact.claims._data import fit_exponent
from polyexact.claims._polygons import _gauss_point, circle_polygon, parabola_polygon
from polyexact.claims.registry import Finding, Verdict, register

__all__ = [
]


@register(
    "V.1",
    "Prop. V.1: one bias-free head has at most N routing cells; they are the cones of the normal "
    "fan of conv{a_j}, and cell j is non-empty iff a_j is a vertex.",
)
def _check_v1(quick: bool) -> Finding:
    """Primal (interior-point LP per routing cone) against dual (hull vertices), seeded."""
    from polyexact.polyhedra import vertex_indices
    from polyexact.tropical.power_diagram import power_diagram_from_heights

    rng = random.Random(11)
    trials = 12 if quick else 60
    agree, max_cells, cones = 0, 0, True
    for _ in range(trials):
        d, n = rng.choice([2, 3]), rng.randint(3, 9)
        sites = [[Fraction(rng.randint(-4, 4)) for _ in range(d)] for _ in range(n)]
        # a few points inside the hull (and a duplicate) so that some cells must be empty
        sites.append([sum((s[k] for s in sites[:3]), Fraction(0)) / 3 for k in range(d)])
        sites.append(list(sites[0]))
        zero = [Fraction(0)] * len(sites)
        primal = set(power_diagram_from_heights(sites, zero).full_dim_cells)
        dual = set(vertex_indices(sites))
        agree += primal == dual
        max_cells = max(max_cells, len(primal))
        cones = cones and all(
            all(c == 0 for c in power_diagram_from_heights(sites, zero).cell_inequalities(j)[1])
            for j in primal)
    holds = agree == trials and cones
    return Finding(
        Verdict.HOLDS if holds else Verdict.REFUTED,
        f"{agree}/{trials} random heads: non-empty routing cells = hull vertices (≤ N); every "
        f"cell a cone at 0",
        {"instances": trials, "primal_equals_dual": agree, "max_cells": max_cells,
         "all_cells_cones_at_origin": cones},
    )


@register(
    "V.2-standard",
    "Thm V.2 (standard regime): H heads with N keys have at most N^H joint routing cells, "
    "attainable for H ≤ d − 1 (Fukuda–Weibel).",
)
def _check_v2_standard(quick: bool) -> Finding:
    """Random lifted sets never exceed the product; parabola polygons attain N^H exactly."""
    from polyexact.tropical import minkowski_sum

    rng = random.Random(21)
    random_rows = []
    for _ in range(8 if quick else 30):
        d, h, n = rng.choice([2, 3]), rng.randint(1, 3), rng.randint(2, 6)
        sets = [[_gauss_point(rng, d) for _ in range(n)] for _ in range(h)]
        heights = [[_gauss_point(rng, 1)[0] for _ in range(n)] for _ in range(h)]
        count = minkowski_sum(sets, heights, upper=True).n_vertices
        random_rows.append({"d": d, "H": h, "N": n, "upper_vertices": count, "N^H": n ** h})
    attained = []
    for h in (1, 2, 3):
        for n in ([3, 4] if quick else [3, 4, 5, 6]):
            sets = [parabola_polygon(n, (k + 1,), h + 1) for k in range(h)]
            count = minkowski_sum(sets).n_vertices
            attained.append({"d": h + 1, "H": h, "N": n, "vertices": count, "N^H": n ** h})
    within = all(r["upper_vertices"] <= r["N^H"] for r in random_rows)
    exact = all(r["vertices"] == r["N^H"] for r in attained)
    return Finding(
        Verdict.HOLDS if within and exact else Verdict.REFUTED,
        f"{len(random_rows)} random lifted sums within N^H: {within}; parabola polygons in "
        f"R^(H+1) attain N^H exactly: {exact}",
        {"random": random_rows, "attainment_H_eq_d_minus_1": attained},
    )


def _fan_formula(p1: list[tuple[Fraction, Fraction]],
                 p2: list[tuple[Fraction, Fraction]]) -> int | None:
    """Vertices of P1 (xy-plane) + P2 (yz-plane) from their edge normals (chart argument).

    With ``r`` (``s``) edges whose outer normal has positive (negative) y-part, the count is
    ``(r1+1)(r2+1) + (s1+1)(s2+1) − 4``; ``None`` when some normal has y-part 0.
    """
    def split(poly: list[tuple[Fraction, Fraction]], y_first: bool) -> tuple[int, int] | None:
        pos = neg = 0
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True):
            normal = (y1 - y0, x0 - x1)  # outer normal of a counter-clockwise polygon
            y = normal[0] if y_first else normal[1]
            if y == 0:
                return None
            pos, neg = pos + (y > 0), neg + (y < 0)
        return pos, neg

    a, b = split(p1, False), split(p2, True)
    if a is None or b is None:
        return None
    return (a[0] + 1) * (b[0] + 1) + (a[1] + 1) * (b[1] + 1) - 4


@register(
    "V.2-saturated",
    "Thm V.2 (saturated regime, H > d): the joint routing partition has O(N·H) cells.",
)
def _check_v2_saturated(quick: bool) -> Finding:
    """Rational N-gons in the xy-, yz- (and xz-) planes of R^3: exact counts grow like N²."""
    from polyexact.tropical import minkowski_sum

    sizes = [4, 6, 8, 10] if quick else [4, 6, 8, 12, 16, 24]
    triangle = [[Fraction(0)] * 3, [Fraction(1, 7), Fraction(2, 7), Fraction(3, 7)],
                [Fraction(3, 5), Fraction(-1, 5), Fraction(2, 5)]]
    rows: list[dict[str, Any]] = []
    for n in sizes:
        poly = circle_polygon(n)
        xy = [[x, y, Fraction(0)] for x, y in poly]
        yz = [[Fraction(0), x, y] for x, y in poly]
        xz = [[x, Fraction(0), y] for x, y in poly]
        two = minkowski_sum([xy, yz]).n_vertices
        four = minkowski_sum([xy, yz, xz, triangle]).n_vertices
        rows.append({"N": n, "H=2 vertices": two, "fan formula": _fan_formula(poly, poly),
                     "H=4 vertices": four, "N*H (H=4)": 4 * n})
    fit2 = fit_exponent(sizes, [r["H=2 vertices"] for r in rows])
    fit4 = fit_exponent(sizes, [r["H=4 vertices"] for r in rows])
    formula_ok = all(r["fan formula"] in (None, r["H=2 vertices"]) for r in rows)
    grows = all(r["H=4 vertices"] >= r["H=2 vertices"] for r in rows)
    ratio = [Fraction(r["H=4 vertices"], r["N*H (H=4)"]) for r in rows]
    unbounded = all(x < y for x, y in itertools.pairwise(ratio))
    return Finding(
        Verdict.REFUTED if unbounded and fit4 > 1.5 else Verdict.OPEN,
        f"d=3, H=4 > d: vertices {[r['H=4 vertices'] for r in rows]} for N={sizes}, fitted "
        f"exponent {fit4} (H=2: {fit2}); count/(N·H) grows without bound",
        {"rows": rows, "fitted_exponent_H2": fit2, "fitted_exponent_H4": fit4,
         "fan_formula_agrees": formula_ok, "adding_summands_never_lowers": grows,
         "count_over_NH": ratio},
    )


@register(
    "fig4",
    "Fig. 4: three polytopes with 6 vertices each in R^3 whose Minkowski sum has 216 = 6³ "
    "vertices.",
)
def _check_fig4(quick: bool) -> Finding:
    """Seeded random search for many vertices; Sanyal's theorem forbids the product 216."""
    from polyexact.tropical import minkowski_sum

    rng = random.Random(4)
    trials = 15 if quick else 150
    best, best_trial = 0, -1
    for t in range(trials):
        sets = [[_gauss_point(rng, 3) for _ in range(6)] for _ in range(3)]
        count = minkowski_sum(sets).n_vertices
        if count > best:
            best, best_trial = count, t
    hexagon = circle_polygon(6)
    planes = [[[x, y, Fraction(0)] for x, y in hexagon], [[Fraction(0), x, y] for x, y in hexagon],
              [[x, Fraction(0), y] for x, y in hexagon]]
    structured = minkowski_sum(planes).n_vertices
    return Finding(
        Verdict.REFUTED,
        f"best of {trials} seeded random triples: {best} vertices; hexagons in the coordinate "
        f"planes: {structured}; 216 is impossible for H ≥ d summands with ≥ d+1 vertices "
        f"(Sanyal 2009)",
        {"trials": trials, "best_random": best, "best_trial": best_trial,
         "coordinate_plane_hexagons": structured, "claimed": 216,
         "reason": "Sanyal (2009): for k ≥ d summands in R^d, each with at least d+1 vertices, "
                   "the sum has fewer than the product of the vertex counts; here k = d = 3."},
    )
