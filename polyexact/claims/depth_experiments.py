"""Claims about random and hand-made models, counted exactly by the enumerator: Fig. 6(a), C2,
C5, C8.

Every count here is a full enumeration of pattern cells (and their merge into maximal linear
regions, docs/theory.md §5) by :func:`polyexact.cells.enumerate.enumerate_cells`; nothing is
sampled. The random-model studies (Fig. 6(a), C8, C5) are ``polyexact.sweep/1`` specs run by
:func:`polyexact.lab.run_sweep`, so a user can rerun or widen them with ``polyexact sweep``.
The construction's claims (Thm V.5, V.7, C3) are checked in :mod:`polyexact.claims.depth`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from polyexact.claims._data import fit_exponent
from polyexact.claims._depth import (
    _FIG6A_SETUP,
    _fig6a_counts,
    _fig6a_grid,
    count_model,
    sweep_counts,
)
from polyexact.claims.registry import Finding, Verdict, register

if TYPE_CHECKING:
    from polyexact.models import Model

__all__: list[str] = []

#: Fig. 6(a)'s Monte-Carlo counts (d = 2, N = 2..5), by number of layers.
PAPER_FIG6A = {1: (15, 17, 17, 17), 2: (40, 44, 46, 65)}


@register(
    "fig6a",
    "Fig. 6(a): Monte-Carlo signature counts of random models, d = 2: L = 1: 15/17/17/17 and "
    "L = 2: 40/44/46/65 for N = 2..5.",
)
def _check_fig6a(quick: bool) -> Finding:
    """Exact pattern cells and linear regions of seeded random models, beside the paper's."""
    counts = _fig6a_counts(quick)
    table: dict[str, Any] = {}
    for L, by_n in counts.items():
        for i, (n, per_seed) in enumerate(by_n.items()):
            cells = [c for c, _ in per_seed]
            table[f"L={L},N={n}"] = {
                "pattern_cells_per_seed": cells,
                "linear_regions_per_seed": [r for _, r in per_seed],
                "max_pattern_cells": max(cells),
                "mean_pattern_cells": Fraction(sum(cells), len(cells)),
                "paper_monte_carlo": PAPER_FIG6A[L][i],
            }
    maxima = {L: [table[f"L={L},N={n}"]["max_pattern_cells"] for n in (2, 3, 4, 5)]
              for L in (1, 2)}
    return Finding(
        Verdict.OPEN,
        f"exact max pattern cells over seeds, N=2..5: L=1 {maxima[1]} (paper 15/17/17/17), "
        f"L=2 {maxima[2]} (paper 40/44/46/65); setup unreported in the paper",
        {"setup": _FIG6A_SETUP, "seeds": len(counts[1][2]), "counts": table},
    )


@register(
    "C8",
    "Conjecture: random Gaussian-like weights give far fewer regions than the maximum.",
)
def _check_c8(quick: bool) -> Finding:
    """Random models' exact counts against the construction's count at the same (d, N, L)."""
    counts = _fig6a_counts(quick)
    rows = []
    for L, by_n in counts.items():
        for n, per_seed in by_n.items():
            best = max(c for c, _ in per_seed)
            # the construction with d = 2, d_ff = 4 (w = 1) and H = d = 2 heads: (2N)^(2L)
            top = (2 * n) ** (2 * L)
            rows.append({"L": L, "N": n, "random_max_pattern_cells": best,
                         "construction_regions": top, "fraction": Fraction(best, top)})
    fits = {f"L={L}": fit_exponent([r["N"] for r in rows if r["L"] == L],
                                   [r["random_max_pattern_cells"] for r in rows if r["L"] == L])
            for L in (1, 2)}
    worst = max(r["fraction"] for r in rows if r["N"] >= 3)
    return Finding(
        Verdict.OPEN,
        f"random/construction ≤ {float(worst):.3f} for N ≥ 3; fitted exponents in N: {fits} "
        f"(construction: 2L)",
        {"setup": _FIG6A_SETUP, "rows": rows, "fitted_exponent_in_N": fits},
    )


def _grid_heads_model(n: int, directions: list[tuple[int, int]], *, query_bias: bool) -> Model:
    """One attention layer on [0,1]^2: head h routes to the grid point nearest to ⟨w_h, x⟩.

    Head h has ``W_Q = [w_hᵀ; 0]``, ``b_Q = (0, 1)`` and keys ``(p_j, −p_j²/2)`` with
    ``p_j = |w_h|₁ (j − 1/2)/N`` (the construction's heads, along direction ``w_h``).
    """
    from polyexact.models import Head, Layer, Model, box_domain

    zero, one = Fraction(0), Fraction(1)
    heads = []
    for w in directions:
        span = sum(abs(c) for c in w)
        centres = [Fraction(span * (2 * j - 1), 2 * n) for j in range(1, n + 1)]
        heads.append(Head(
            W_Q=((Fraction(w[0]), Fraction(w[1])), (zero, zero)),
            b_Q=(zero, one if query_bias else zero),
            keys=tuple((p, -p * p / 2) for p in centres),
            values=((zero,),) * n,
            logit_bias=(zero,) * n,
        ))
    W_O = tuple((zero,) * len(heads) for _ in range(2))
    layer = Layer(heads=tuple(heads), W_O=W_O, residual=False, ffn=None)
    return Model(2, (layer,), box_domain([(zero, one)] * 2), name=f"grid heads {directions}")


_DIRECTIONS = [(1, 0), (0, 1), (1, 1)]


@register(
    "C2",
    "Conjecture: one attention layer with affine queries has Θ(N^{min(H,d)}) cells at most.",
)
def _check_c2(quick: bool) -> Finding:
    """Exact cells of d = 2 layers of H = 1, 2, 3 'nearest grid point' heads (and b_Q = 0)."""
    sizes = [2, 3, 4] if quick else [2, 3, 4, 6, 8]
    table: dict[str, Any] = {}
    fits = {}
    for h in (1, 2, 3):
        with_bias = [count_model(_grid_heads_model(n, _DIRECTIONS[:h], query_bias=True))[0]
                     for n in sizes]
        without = [count_model(_grid_heads_model(n, _DIRECTIONS[:h], query_bias=False))[0]
                   for n in sizes]
        table[f"H={h}"] = {"N": sizes, "pattern_cells": with_bias,
                           "pattern_cells_b_Q_0": without}
        fits[f"H={h}"] = fit_exponent(sizes, with_bias)
    return Finding(
        Verdict.OPEN,
        f"d=2, fitted exponents in N: {fits} (min(H, d) = 1, 2, 2); with b_Q = 0 the same heads "
        f"give {table['H=3']['pattern_cells_b_Q_0'][-1]} cells at N={sizes[-1]}",
        {"d": 2, "domain": "[0,1]^2", "cells": table, "fitted_exponent": fits},
    )


@register(
    "C5",
    "Question: does a bias-free deep model reach exponent dL in N, or only (d−1) + d(L−1)?",
)
def _check_c5(quick: bool) -> Finding:
    """Max exact pattern cells over seeded bias-free random models (b_Q = 0, c = 0), d = 2."""
    seeds = range(3) if quick else range(6)
    sizes = [2, 3, 4] if quick else [2, 3, 4, 5, 6]
    # the Fig. 6(a) sweep with query biases off, as a sweep spec
    spec = _fig6a_grid(list(seeds), query_bias=False)
    spec["grid"]["n_keys"] = sizes
    counts = sweep_counts(spec)
    table: dict[str, Any] = {}
    fits = {}
    for L in (1, 2):
        best = [max(c for c, _ in counts[L][n]) for n in sizes]
        table[f"L={L}"] = {"N": sizes, "max_pattern_cells": best}
        fits[f"L={L}"] = fit_exponent(sizes, best)
    return Finding(
        Verdict.OPEN,
        f"fitted exponents in N of the max over {len(seeds)} seeds: {fits} "
        f"(dL = 2, 4; (d−1)+d(L−1) = 1, 3); random weights do not probe the maximum",
        {"setup": _FIG6A_SETUP.replace("query bias on", "query bias off, no logit offsets"),
         "seeds": len(seeds), "cells": table, "fitted_exponent": fits},
    )
