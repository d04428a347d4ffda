"""Claims about one attention head: Thm IV.3 (power diagram), Cor. IV.4 (piecewise constant,
discontinuous output), Remark IV.6 (equal-norm keys give a Voronoi diagram).

All checks are exact: routing cells and power cells are compared row by row, interior points are
exact LP witnesses, and the points exhibited on both sides of a wall are rationals.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from polyexact.claims.registry import Finding, Verdict, register

if TYPE_CHECKING:
    from polyexact.models import Head, Model

__all__ = ["jumps_along_segment", "random_head"]


def random_head(rng: random.Random, d: int, n: int, *, biases: bool, d_v: int = 1) -> Head:
    """A head with small random rational weights (``d_k = d``), optionally with both biases.

    Parameters
    ----------
    rng : random.Random
        The seeded source of randomness.
    d : int
        Input width (and ``d_k``).
    n : int
        Number of keys N.
    biases : bool
        Draw ``b_Q`` and ``logit_bias`` too (else both are zero).
    d_v : int
        Value width.

    Returns
    -------
    Head
        Exact rational weights; the same seed gives the same head.

    Examples
    --------
    >>> import random
    >>> from polyexact.claims.attention import random_head
    >>> head = random_head(random.Random(0), 2, 3, biases=False)
    >>> head.n_keys, head.d_k, head.has_query_bias, head.has_logit_bias
    (3, 2, False, False)
    >>> head == random_head(random.Random(0), 2, 3, biases=False)
    True
    """
    from polyexact.models import Head

    def num() -> Fraction:
        return Fraction(rng.randint(-12, 12), 4)

    return Head(
        W_Q=tuple(tuple(num() for _ in range(d)) for _ in range(d)),
        b_Q=tuple(num() if biases else Fraction(0) for _ in range(d)),
        keys=tuple(tuple(num() for _ in range(d)) for _ in range(n)),
        values=tuple(tuple(num() for _ in range(d_v)) for _ in range(n)),
        logit_bias=tuple(num() if biases else Fraction(0) for _ in range(n)),
    )


@register(
    "IV.3",
    "Thm IV.3: one head's routing partition is the power diagram with sites k_j and weights "
    "‖k_j‖² + 2c_j (in input space: sites a_j, weights ‖a_j‖² + 2β_j); its cells are bounded.",
)
def _check_iv3(quick: bool) -> Finding:
    """Routing rows vs power rows (positive multiples), primal vs dual cells, exact samples."""
    from polyexact.models.forward import route
    from polyexact.numbers import dot, is_positive_multiple
    from polyexact.polyhedra import polyhedron_from_inequalities
    from polyexact.tropical import upper_vertices
    from polyexact.tropical.power_diagram import (
        power_diagram_from_heights,
        routing_cell_inequalities,
    )

    rng = random.Random(3)
    trials = 8 if quick else 40
    same_rows = same_cells = same_points = 0
    bounded_cells = cells_seen = 0
    for t in range(trials):
        head = random_head(rng, rng.choice([2, 3]), rng.randint(3, 7), biases=t % 2 == 0)
        sites, heights = head.sites, head.heights
        pd = power_diagram_from_heights(sites, heights)
        rows_ok = True
        for j in range(head.n_keys):
            ra, rb = routing_cell_inequalities(sites, heights, j)
            pa, pb = pd.cell_inequalities(j)
            rows_ok &= all(is_positive_multiple(r, c, p, q)
                           for r, c, p, q in zip(ra, rb, pa, pb, strict=True))
        same_rows += rows_ok
        same_cells += list(pd.full_dim_cells) == upper_vertices(sites, heights)
        ok = True
        for _ in range(25):
            x = tuple(Fraction(rng.randint(-40, 40), 8) for _ in range(len(sites[0])))
            power = [dot(tuple(a - b for a, b in zip(x, s, strict=True)),
                         tuple(a - b for a, b in zip(x, s, strict=True))) - w
                     for s, w in zip(sites, pd.weights, strict=True)]
            ok &= route(head, x) == power.index(min(power))  # lowest index wins both ways
        same_points += ok
        if t % 2 == 1:  # bias-free: does any cell have finite volume?
            for j in pd.full_dim_cells:
                a, b = routing_cell_inequalities(sites, heights, j)
                cells_seen += 1
                bounded_cells += polyhedron_from_inequalities(a, b).is_bounded
    holds = same_rows == same_cells == same_points == trials
    return Finding(
        Verdict.HOLDS if holds else Verdict.REFUTED,
        f"{trials} random heads: routing rows = ½·power rows, cells and sampled argmax agree; "
        f"bias-free: {bounded_cells} of {cells_seen} cells bounded (all are cones at 0)",
        {"instances": trials, "rows_agree": same_rows, "cells_agree": same_cells,
         "samples_agree": same_points, "bias_free_cells": cells_seen,
         "bias_free_bounded_cells": bounded_cells,
         "note": "the power-diagram identity holds; the paper's 'bounded cells' does not (c = 0)"},
    )


def jumps_along_segment(model: Model, p: tuple[Fraction, ...],
                        q: tuple[Fraction, ...]) -> list[dict[str, Any]]:
    """Walls crossed by the segment p→q in a one-layer, attention-only model, with the output
    on both sides.

    The outputs are taken at exact points at distance ±ε along the segment, for
    ε = 10^-3, 10^-6, 10^-9; a jump that does not shrink with ε is a discontinuity.

    Parameters
    ----------
    model : Model
        A one-layer model without FFN.
    p, q : tuple of Fraction
        The segment's end points.

    Returns
    -------
    list of dict
        One entry per crossing, sorted by ``t`` (the crossing is ``p + t (q − p)``): ``t`` and
        ``sides``, one dict per ε with ``eps``, ``left``, ``right``, ``jump_squared`` and
        ``same_pattern``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.claims.attention import jumps_along_segment
    >>> from polyexact.models import model_from_data
    >>> m = model_from_data({"format": "polyexact.model/1", "d_model": 1, "layers": [{"heads": [
    ...     {"W_Q": [[1]], "keys": [[1], [-1]], "values": [[1], [-1]]}], "residual": False}]})
    >>> (crossing,) = jumps_along_segment(m, (F(-1),), (F(1),))
    >>> crossing["t"], [s["jump_squared"] for s in crossing["sides"]]
    (Fraction(1, 2), [Fraction(4, 1), Fraction(4, 1), Fraction(4, 1)])
    """
    from polyexact.models.forward import forward
    from polyexact.numbers import dot

    direction = tuple(b - a for a, b in zip(p, q, strict=True))
    cuts = set()
    for head in model.layers[0].heads:
        s = [(dot(a, p) + beta, dot(a, direction)) for a, beta in zip(head.sites, head.heights,
                                                                        strict=True)]
        for j, (aj, gj) in enumerate(s):
            for al, gl in s[j + 1:]:
                if gj != gl:
                    t = (al - aj) / (gj - gl)
                    if 0 < t < 1:
                        cuts.add(t)
    ts = sorted(cuts)
    jumps = []
    for i, t in enumerate(ts):
        room = min(t - (ts[i - 1] if i else 0), (ts[i + 1] if i + 1 < len(ts) else 1) - t) / 2
        sides = []
        for k in (3, 6, 9):
            eps = min(room, Fraction(1, 10**k))
            left = tuple(a + (t - eps) * g for a, g in zip(p, direction, strict=True))
            right = tuple(a + (t + eps) * g for a, g in zip(p, direction, strict=True))
            fl, fr = forward(model, left), forward(model, right)
            gap = tuple(a - b for a, b in zip(fr.output, fl.output, strict=True))
            sides.append({"eps": eps, "left": left, "right": right,
                          "jump_squared": dot(gap, gap), "same_pattern": fl.pattern == fr.pattern})
        # a tie between two keys that are not maximal is no wall: keep real pattern changes only
        if not sides[-1]["same_pattern"]:
            jumps.append({"t": t, "sides": sides})
    return jumps


@register(
    "IV.4",
    "Cor. IV.4: at zero temperature with fixed values a head's output is piecewise constant on "
    "the routing cells and discontinuous across walls where the values differ.",
)
def _check_iv4(quick: bool) -> Finding:
    """Exhibit exact points on both sides of walls: the jump does not shrink as ε → 0."""
    from dataclasses import replace

    from polyexact.models import Layer, Model, box_domain, construction
    from polyexact.models.forward import attention_map, forward
    from polyexact.numbers import AffineMap, identity_matrix

    rng = random.Random(5)
    head = random_head(rng, 2, 5, biases=True, d_v=2)
    box = box_domain([(Fraction(-2), Fraction(2))] * 2)
    model = Model(2, (Layer((head,), W_O=identity_matrix(2), residual=False),), box)
    p = (Fraction(-2), Fraction(-3, 2))
    q = (Fraction(2), Fraction(7, 4))
    jumps = jumps_along_segment(model, p, q)
    ident = AffineMap.identity(2)
    discontinuous = [j for j in jumps
                     if all(s["jump_squared"] > 0 and s["jump_squared"] == j["sides"][0][
                         "jump_squared"] for s in j["sides"])]
    # the App. F block is continuous, its attention sublayer alone is not
    block = construction(1, 2, 2, 1)
    attention_only = replace(block, layers=(replace(block.layers[0], ffn=None),))
    wall = Fraction(1, 2)
    continuity = []
    for k in ([3, 6] if quick else [3, 6, 9, 12]):
        eps = Fraction(1, 10**k)
        f = [forward(block, (wall + s * eps,)).output[0] for s in (-1, 1)]
        g = [forward(attention_only, (wall + s * eps,)).output[0] for s in (-1, 1)]
        continuity.append({"eps": eps, "block_jump": f[1] - f[0], "attention_jump": g[1] - g[0]})
    # piecewise constant: the output on a cell is the constant W_O·v_j (its map has A = 0)
    constant = all(not any(any(r) for r in attention_map(model.layers[0], (j,), ident).A)
                   for j in range(head.n_keys))
    block_continuous = all(c["block_jump"] == 0 for c in continuity)
    holds = constant and bool(discontinuous) and block_continuous
    first = discontinuous[0]["sides"][-1] if discontinuous else None
    return Finding(
        Verdict.HOLDS if holds else Verdict.REFUTED,
        f"output constant on every cell; {len(discontinuous)} of {len(jumps)} walls crossed "
        f"jump by the same amount for every ε (e.g. ‖Δ‖² = "
        f"{first['jump_squared'] if first else '-'} at ε = 1e-9): not CPWL (docs/theory.md "
        f"§7.6); the App. F block is continuous at its attention wall",
        {"segment": {"from": p, "to": q}, "walls_crossed": len(jumps),
         "walls_with_jump": len(discontinuous), "jumps": jumps, "construction_d1_N2": continuity,
         "note": "contradicts a CPWL reading of zero-temperature MHSA; continuity needs equal "
                 "values across walls or, as in App. F, later layers that cancel the jump"},
    )


@register(
    "IV.6",
    "Remark IV.6: with keys of equal norm (and no logit offsets) the routing partition is the "
    "Voronoi diagram of the keys.",
)
def _check_iv6(quick: bool) -> Finding:
    """Keys exactly on the unit circle: equal weights, argmax = nearest key at exact samples."""
    from polyexact.claims._polygons import circle_polygon
    from polyexact.models import Head
    from polyexact.models.forward import route
    from polyexact.numbers import dot
    from polyexact.tropical.power_diagram import power_diagram_from_heights

    rng = random.Random(6)
    one, zero = Fraction(1), Fraction(0)
    rows = []
    for n in [3, 5, 8] if quick else [3, 5, 8, 13, 21]:
        keys = tuple(circle_polygon(n, rng.random()))
        for scaled in (False, True):
            ks = keys if not scaled else ((keys[0][0] * 2, keys[0][1] * 2), *keys[1:])
            head = Head(W_Q=((one, zero), (zero, one)), b_Q=(zero, zero), keys=ks,
                        values=((zero,),) * n, logit_bias=(zero,) * n)
            weights = power_diagram_from_heights(head.sites, head.heights).weights
            agree = 0
            samples = 40 if quick else 200
            for _ in range(samples):
                x = (Fraction(rng.randint(-64, 64), 32), Fraction(rng.randint(-64, 64), 32))
                dist = [dot(tuple(a - b for a, b in zip(x, k, strict=True)),
                            tuple(a - b for a, b in zip(x, k, strict=True))) for k in ks]
                agree += route(head, x) == dist.index(min(dist))
            rows.append({"N": n, "equal_norms": not scaled,
                         "equal_weights": len(set(weights)) == 1,
                         "samples": samples, "argmax_is_nearest": agree})
    holds = all(r["argmax_is_nearest"] == r["samples"] for r in rows if r["equal_norms"])
    needed = any(r["argmax_is_nearest"] < r["samples"] for r in rows if not r["equal_norms"])
    return Finding(
        Verdict.HOLDS if holds else Verdict.REFUTED,
        f"keys on the unit circle: argmax = nearest key at every exact sample; one key scaled "
        f"by 2: disagreement found: {needed}",
        {"rows": rows, "equal_norm_needed": needed},
    )
