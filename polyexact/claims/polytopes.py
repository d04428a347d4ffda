"""Claims about Newton polytopes and Minkowski sums: Prop. V.1, Thm V.2, Fig. 4, Fig. 6(b), C1, C4.

Vertex counts are exact (labelled Minkowski sums, theory.md §3). Random point sets are seeded
rationals; floats only propose coordinates, which are then fixed as exact rationals.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction
from typing import Any

from polyexact.claims._data import fit_exponent
from polyexact.claims.registry import Finding, Verdict, register

__all__ = [
    "check_c1", "check_c4", "check_fig4", "check_fig6b", "check_v1", "check_v2_saturated",
    "check_v2_standard", "circle_polygon", "parabola_polygon",
]

Point = list[Fraction]

#: Fig. 6(b)'s counts for N = 2..7 (d = 4), by number of summands H.
PAPER_FIG6B = {2: (4, 9, 16, 24, 28, 35), 3: (8, 27, 45, 62, 87, 111)}


def _gauss_point(rng: random.Random, d: int, denominator: int = 64) -> Point:
    """A Gaussian-like point, rounded to an exact rational on the grid (1/denominator)Z^d."""
    return [Fraction(round(rng.gauss(0, 1) * denominator), denominator) for _ in range(d)]


def parabola_polygon(n: int, axes: tuple[int, ...], d: int) -> list[Point]:
    """Points ``−t² e_0 + t Σ_{a ∈ axes} e_a``, t = 0..n−1: a convex n-gon in a plane through e_0.

    All but one of its edges have outer normals with positive e_0 part, which is what makes the
    product bound attainable (Fukuda–Weibel): ``n`` such polygons in coordinate planes sharing
    the e_0 axis of R^{H+1} sum to exactly ``n^H`` vertices.

    Examples
    --------
    >>> from polyexact.claims.polytopes import parabola_polygon
    >>> from polyexact.tropical import minkowski_sum
    >>> minkowski_sum([parabola_polygon(4, (1,), 3), parabola_polygon(4, (2,), 3)]).n_vertices
    16
    """
    out = []
    for t in range(n):
        p = [Fraction(0)] * d
        p[0] = Fraction(-t * t)
        for a in axes:
            p[a] += t
        out.append(p)
    return out


def circle_polygon(n: int, offset: float = 0.3) -> list[tuple[Fraction, Fraction]]:
    """An n-gon with exact rational vertices on the unit circle, in counter-clockwise order.

    Angles ``2π(k + offset)/n`` propose ``t = tan(θ/2)``; ``t`` is rounded to a rational and the
    vertex is ``((1 − t²)/(1 + t²), 2t/(1 + t²))``, exactly on the circle, so convex position is
    exact.

    Parameters
    ----------
    n : int
        Number of vertices.
    offset : float
        Rotation, in units of ``2π/n`` (only proposes angles; never decides anything).

    Returns
    -------
    list of (Fraction, Fraction)
        The vertices.

    Examples
    --------
    >>> from polyexact.claims.polytopes import circle_polygon
    >>> square = circle_polygon(4)
    >>> len(square), all(x * x + y * y == 1 for x, y in square)
    (4, True)
    """
    pts = []
    for k in range(n):
        theta = 2 * math.pi * (k + offset) / n - math.pi  # in (−π, π): tan(θ/2) is finite
        t = Fraction(round(math.tan(theta / 2) * 4096), 4096)
        pts.append(((1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)))
    return pts


@register(
    "V.1",
    "Prop. V.1: one bias-free head has at most N routing cells; they are the cones of the normal "
    "fan of conv{a_j}, and cell j is non-empty iff a_j is a vertex.",
)
def check_v1(quick: bool) -> Finding:
    """Primal (interior-point LP per routing cone) against dual (hull vertices), seeded.

    Registered as the check of claim ``V.1``.

    Parameters
    ----------
    quick : bool
        Smaller sizes (``claims --quick`` and the tests).

    Returns
    -------
    Finding
        The verdict (``holds`` at the sizes run), a one-line summary and the evidence
        computed during the run.

    See Also
    --------
    polyexact.claims.check_claim

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> check_claim("V.1", quick=True).verdict
    <Verdict.HOLDS: 'holds'>
    """
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
def check_v2_standard(quick: bool) -> Finding:
    """Random lifted sets never exceed the product; parabola polygons attain N^H exactly.

    Registered as the check of claim ``V.2-standard``.

    Parameters
    ----------
    quick : bool
        Smaller sizes (``claims --quick`` and the tests).

    Returns
    -------
    Finding
        The verdict (``holds`` at the sizes run), a one-line summary and the evidence
        computed during the run.

    See Also
    --------
    polyexact.claims.check_claim

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> check_claim("V.2-standard", quick=True).verdict
    <Verdict.HOLDS: 'holds'>
    """
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
def check_v2_saturated(quick: bool) -> Finding:
    """Rational N-gons in the xy-, yz- (and xz-) planes of R^3: exact counts grow like N².

    Registered as the check of claim ``V.2-saturated``.

    Parameters
    ----------
    quick : bool
        Smaller sizes (``claims --quick`` and the tests).

    Returns
    -------
    Finding
        The verdict (``refuted`` at the sizes run), a one-line summary and the evidence
        computed during the run.

    See Also
    --------
    polyexact.claims.check_claim

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> check_claim("V.2-saturated", quick=True).verdict
    <Verdict.REFUTED: 'refuted'>
    """
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
def check_fig4(quick: bool) -> Finding:
    """Seeded random search for many vertices; Sanyal's theorem forbids the product 216.

    Registered as the check of claim ``fig4``.

    Parameters
    ----------
    quick : bool
        Smaller sizes (``claims --quick`` and the tests).

    Returns
    -------
    Finding
        The verdict (``refuted`` at the sizes run), a one-line summary and the evidence
        computed during the run.

    See Also
    --------
    polyexact.claims.check_claim

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> check_claim("fig4", quick=True).verdict
    <Verdict.REFUTED: 'refuted'>
    """
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


@register(
    "fig6b",
    "Fig. 6(b): random Gaussian exponent sets in R^4 give Minkowski-sum vertex counts H=1: N; "
    "H=2: 4/9/16/24/28/35; H=3: 8/27/45/62/87/111 for N = 2..7.",
)
def check_fig6b(quick: bool) -> Finding:
    """Exact vertex counts of seeded Gaussian-like rational sets (d = 4), beside the paper's.

    Registered as the check of claim ``fig6b``.

    Parameters
    ----------
    quick : bool
        Smaller sizes (``claims --quick`` and the tests).

    Returns
    -------
    Finding
        The verdict (``open`` at the sizes run), a one-line summary and the evidence
        computed during the run.

    See Also
    --------
    polyexact.claims.check_claim

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> check_claim("fig6b", quick=True).verdict
    <Verdict.OPEN: 'open'>
    """
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
def check_c1(quick: bool) -> Finding:
    """Bias-free cells = vertices of the (unlifted) Minkowski sum; d = 2 and d = 3 families.

    Registered as the check of claim ``C1``.

    Parameters
    ----------
    quick : bool
        Smaller sizes (``claims --quick`` and the tests).

    Returns
    -------
    Finding
        The verdict (``open`` at the sizes run), a one-line summary and the evidence
        computed during the run.

    See Also
    --------
    polyexact.claims.check_claim

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> check_claim("C1", quick=True).verdict
    <Verdict.OPEN: 'open'>
    """
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
def check_c4(quick: bool) -> Finding:
    """d_k = 1: sites a_j = k_j·w are collinear; count upper vertices with and without offsets.

    Registered as the check of claim ``C4``.

    Parameters
    ----------
    quick : bool
        Smaller sizes (``claims --quick`` and the tests).

    Returns
    -------
    Finding
        The verdict (``conditional`` at the sizes run), a one-line summary and the evidence
        computed during the run.

    See Also
    --------
    polyexact.claims.check_claim

    Examples
    --------
    >>> from polyexact.claims import check_claim
    >>> check_claim("C4", quick=True).verdict
    <Verdict.CONDITIONAL: 'conditional'>
    """
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
    return Finding(
        Verdict.CONDITIONAL,
        f"d_k = 1, query bias only: max {max(plain)} cells for N={sizes}; with logit offsets: "
        f"{offsets} (grows with N)",
        {"N": sizes, "cells_without_offsets": plain, "cells_with_logit_offsets": offsets,
         "condition": "holds without per-key logit offsets (collinear lifts: ≤ 2 upper "
                      "vertices); offsets c_j make a 1-D tropical polynomial with up to N cells"},
    )
