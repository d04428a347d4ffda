"""Claims about whole models, counted exactly by the enumerator: Thm V.5, Thm V.7, Fig. 6(a), C2,
C3, C5, C8.

Every count here is a full enumeration of pattern cells (and their merge into maximal linear
regions, theory.md §5) by :func:`polyexact.cells.enumerate.enumerate_cells`; nothing is sampled.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from polyexact.claims._data import fit_exponent
from polyexact.claims.registry import Finding, Verdict, register

if TYPE_CHECKING:
    from polyexact.models import Model

__all__ = [
    "check_c2", "check_c3", "check_c5", "check_c8", "check_fig6a", "check_v5", "check_v7",
    "construction_sizes", "count_model",
]

#: Fig. 6(a)'s Monte-Carlo counts (d = 2, N = 2..5), by number of layers.
PAPER_FIG6A = {1: (15, 17, 17, 17), 2: (40, 44, 46, 65)}

#: The constant of Thm V.5 used here (the paper leaves C_d unspecified).
C_D = 1


def count_model(model: Model) -> tuple[int, int]:
    """Return ``(pattern cells, maximal linear regions)`` of ``model``, exactly.

    Parameters
    ----------
    model : Model
        Any model.

    Returns
    -------
    tuple of (int, int)
        ``RegionKind.PATTERN_CELL`` and ``RegionKind.LINEAR_REGION`` counts.

    See Also
    --------
    polyexact.cells.enumerate_cells

    Examples
    --------
    >>> from polyexact.claims.depth import count_model
    >>> from polyexact.models import construction
    >>> count_model(construction(1, 2, 2, 1))
    (4, 4)
    """
    from polyexact.cells.enumerate import enumerate_cells

    cx = enumerate_cells(model)
    return cx.n_cells, cx.n_regions


def construction_sizes(quick: bool) -> list[tuple[int, int, int, int]]:
    """The ``(d, N, d_ff, L)`` of theory.md §4's table that a run enumerates.

    Parameters
    ----------
    quick : bool
        Only the smaller sizes.

    Returns
    -------
    list of (int, int, int, int)
        ``(d, N, d_ff, L)`` tuples, for :func:`~polyexact.models.construction`.

    Examples
    --------
    >>> from polyexact.claims.depth import construction_sizes
    >>> construction_sizes(True)
    [(1, 2, 2, 1), (1, 3, 2, 2), (2, 2, 4, 1), (2, 4, 4, 1)]
    """
    sizes = [(1, 2, 2, 1), (1, 3, 2, 2), (2, 2, 4, 1), (2, 4, 4, 1)]
    return sizes if quick else [*sizes, (2, 3, 8, 1), (2, 2, 4, 2), (2, 4, 4, 2)]


def _bias_free(model: Model) -> Model:
    """The same model with every query bias set to 0 (the paper's stated, bias-free model)."""
    layers = tuple(
        replace(layer, heads=tuple(replace(h, b_Q=(Fraction(0),) * h.d_k) for h in layer.heads))
        for layer in model.layers
    )
    return replace(model, layers=layers, name=f"{model.name}, b_Q = 0")


@functools.cache
def _construction_rows(quick: bool) -> tuple[dict[str, Any], ...]:
    from polyexact.models import construction, construction_width

    rows = []
    for d, n, d_ff, L in construction_sizes(quick):
        w = construction_width(d, d_ff)
        model = construction(d, n, d_ff, L)
        cells, regions = count_model(model)
        free_cells, free_regions = count_model(_bias_free(model))
        rows.append({
            "d": d, "N": n, "d_ff": d_ff, "w": w, "L": L,
            "pattern_cells": cells, "linear_regions": regions,
            "formula_2wN_pow_dL": (2 * w * n) ** (d * L),
            "paper_formula": (Fraction(n) ** d * Fraction(d_ff, 2 * d) ** d) ** L,
            "bias_free_pattern_cells": free_cells, "bias_free_linear_regions": free_regions,
        })
    return tuple(rows)


@register(
    "V.7",
    "Thm V.7 / App. F: the construction (H = d heads, FFN width d_ff) has "
    "(N^d (d_ff/(2d))^d)^L linear regions on [0,1]^d, with the stated bias-free model.",
)
def check_v7(quick: bool) -> Finding:
    """Enumerate the construction exactly; compare with both formulas; ablate the query bias.

    Examples
    --------
    >>> from polyexact.claims.depth import check_v7
    >>> f = check_v7(True)
    >>> row = f.evidence["rows"][2]
    >>> f.verdict.value, row["d"], row["N"], row["L"], row["linear_regions"]
    ('refuted', 2, 2, 1, 16)
    """
    rows = _construction_rows(quick)
    exact = all(r["linear_regions"] == r["formula_2wN_pow_dL"] for r in rows)
    paper_wrong = [r for r in rows if r["linear_regions"] != r["paper_formula"]]
    ratios = [Fraction(r["linear_regions"]) / r["paper_formula"] for r in rows]
    missing = [r["linear_regions"] == r["paper_formula"] * 2 ** (r["d"] * r["L"]) for r in rows]
    verdict = Verdict.REFUTED if paper_wrong else Verdict.HOLDS
    shown = ", ".join(f"{r['linear_regions']} vs {r['paper_formula']}" for r in rows[:4])
    return Finding(
        verdict,
        f"exact regions vs paper's formula: {shown}, ...; every count = (2wN)^(dL): {exact}; "
        f"with b_Q = 0: {[r['bias_free_linear_regions'] for r in rows]} regions",
        {
            "rows": list(rows),
            "all_equal_2wN_pow_dL": exact,
            "ratio_exact_over_paper": ratios,
            "ratio_is_2_pow_dL": all(missing),
            "needs_query_bias": all(
                r["bias_free_linear_regions"] < r["linear_regions"] for r in rows),
            "region_definition": "maximal linear regions (theory.md §5); pattern cells listed too",
        },
    )


@register(
    "C3",
    "Conjecture: the construction has exactly (2⌊d_ff/2d⌋N)^{dL} maximal linear regions.",
)
def check_c3(quick: bool) -> Finding:
    """Exact counts of the construction next to ``(2wN)^{dL}`` (data: finitely many sizes).

    Registered as the check of claim ``C3``.

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
    >>> check_claim("C3", quick=True).verdict
    <Verdict.OPEN: 'open'>
    """
    rows = _construction_rows(quick)
    table = [{k: r[k] for k in ("d", "N", "d_ff", "L", "pattern_cells", "linear_regions",
                                "formula_2wN_pow_dL")} for r in rows]
    agree = sum(r["linear_regions"] == r["formula_2wN_pow_dL"] == r["pattern_cells"] for r in rows)
    return Finding(
        Verdict.OPEN,
        f"{agree}/{len(rows)} computed sizes have exactly (2wN)^(dL) regions (= pattern cells)",
        {"rows": table, "sizes_agreeing": agree, "sizes_checked": len(rows)},
    )


def _fig6a_model(n_layers: int, n: int, seed: int) -> Model:
    from polyexact.models import random_model

    # the paper leaves H, d_ff, scale and box unreported; these are ours, stated in the evidence
    return random_model(2, n_layers=n_layers, heads=2, n_keys=n, d_k=2, d_v=1, d_ff=4,
                        seed=seed, denominator=16)


@functools.cache
def _fig6a_counts(quick: bool) -> dict[int, dict[int, list[tuple[int, int]]]]:
    seeds = range(3) if quick else range(8)
    sizes = (2, 3, 4, 5)
    return {
        L: {n: [count_model(_fig6a_model(L, n, s)) for s in seeds] for n in sizes} for L in (1, 2)
    }


_FIG6A_SETUP = ("d = 2, H = 2 heads, d_k = 2, d_v = 1, d_ff = 4, query bias on, residual on, "
                "weights uniform on the grid (1/16)Z ∩ [−1, 1], domain [−1, 1]^2")


@register(
    "fig6a",
    "Fig. 6(a): Monte-Carlo signature counts of random models, d = 2: L = 1: 15/17/17/17 and "
    "L = 2: 40/44/46/65 for N = 2..5.",
)
def check_fig6a(quick: bool) -> Finding:
    """Exact pattern cells and linear regions of seeded random models, beside the paper's.

    Registered as the check of claim ``fig6a``.

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
    >>> check_claim("fig6a", quick=True).verdict
    <Verdict.OPEN: 'open'>
    """
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
def check_c8(quick: bool) -> Finding:
    """Random models' exact counts against the construction's count at the same (d, N, L).

    Registered as the check of claim ``C8``.

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
    >>> check_claim("C8", quick=True).verdict
    <Verdict.OPEN: 'open'>
    """
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


def _bound(d: int, n: int, heads: int, d_ff: int, L: int) -> float:
    return float((C_D * n ** min(heads, d) * (math.e * d_ff / d) ** d) ** L)


@register(
    "V.5",
    "Thm V.5: N(T) ≤ (C_d · N^{min(H,d)} · (e·d_ff/d)^d)^L.",
)
def check_v5(quick: bool) -> Finding:
    """Every exact count computed in this run against the bound with C_d = 1.

    Registered as the check of claim ``V.5``.

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
    >>> check_claim("V.5", quick=True).verdict
    <Verdict.CONDITIONAL: 'conditional'>
    """
    checked = []
    for r in _construction_rows(quick):
        checked.append(("construction", r["d"], r["N"], r["d"], r["d_ff"], r["L"],
                        r["pattern_cells"]))
    for L, by_n in _fig6a_counts(quick).items():
        for n, per_seed in by_n.items():
            checked.append(("random", 2, n, 2, 4, L, max(c for c, _ in per_seed)))
    rows = [{"model": kind, "d": d, "N": n, "H": h, "d_ff": f, "L": L, "pattern_cells": c,
             "bound": f"{_bound(d, n, h, f, L):.1f}", "ratio": round(c / _bound(d, n, h, f, L), 4)}
            for kind, d, n, h, f, L, c in checked]
    violations = [r for r in rows if r["ratio"] > 1]
    return Finding(
        Verdict.CONDITIONAL if not violations else Verdict.REFUTED,
        f"{len(rows)} exact counts, {len(violations)} above the bound with C_d = {C_D}; "
        f"max count/bound = {max(r['ratio'] for r in rows)}",
        {
            "C_d": C_D,
            "condition": "C_d is not given in the paper; checked with C_d = 1 on pattern cells "
                         "(≥ linear regions). For H > d routing is an overlay of H power "
                         "diagrams, so C_d must then grow with H.",
            "rows": rows,
            "violations": len(violations),
        },
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
def check_c2(quick: bool) -> Finding:
    """Exact cells of d = 2 layers of H = 1, 2, 3 'nearest grid point' heads (and b_Q = 0).

    Registered as the check of claim ``C2``.

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
    >>> check_claim("C2", quick=True).verdict
    <Verdict.OPEN: 'open'>
    """
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
def check_c5(quick: bool) -> Finding:
    """Max exact pattern cells over seeded bias-free random models (b_Q = 0, c = 0), d = 2.

    Registered as the check of claim ``C5``.

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
    >>> check_claim("C5", quick=True).verdict
    <Verdict.OPEN: 'open'>
    """
    from polyexact.models import random_model

    seeds = range(3) if quick else range(6)
    sizes = [2, 3, 4] if quick else [2, 3, 4, 5, 6]
    table: dict[str, Any] = {}
    fits = {}
    for L in (1, 2):
        best = []
        for n in sizes:
            best.append(max(
                count_model(random_model(2, n_layers=L, heads=2, n_keys=n, d_k=2, d_v=1, d_ff=4,
                                         seed=s, denominator=16, query_bias=False))[0]
                for s in seeds))
        table[f"L={L}"] = {"N": sizes, "max_pattern_cells": best}
        fits[f"L={L}"] = fit_exponent(sizes, best)
    return Finding(
        Verdict.OPEN,
        f"fitted exponents in N of the max over {len(seeds)} seeds: {fits} "
        f"(dL = 2, 4; (d−1)+d(L−1) = 1, 3); random weights do not probe the maximum",
        {"setup": _FIG6A_SETUP.replace("query bias on", "query bias off, no logit offsets"),
         "seeds": len(seeds), "cells": table, "fitted_exponent": fits},
    )
