"""Exact counts shared by the whole-model claims, computed once per run (cached).

:func:`count_model` enumerates a model's pattern cells and maximal linear regions; the
construction rows (Thm V.7, C3, V.5) and the seeded random models of Fig. 6(a) (fig6a, C8, V.5)
are counted here so that :mod:`polyexact.claims.depth` and
:mod:`polyexact.claims.depth_experiments` share one enumeration of each.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from polyexact.models import Model

__all__ = ["construction_sizes", "count_model"]


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
    from polyexact.cells import cell_count_bound
    from polyexact.cells.enumerate import enumerate_cells

    # a process pool pays off only for big models (262,144 cells in the full run)
    jobs = 0 if cell_count_bound(model) > 20_000 else 1
    cx = enumerate_cells(model, jobs=jobs)
    return cx.n_cells, cx.n_regions


def construction_sizes(quick: bool) -> list[tuple[int, int, int, int]]:
    """The ``(d, N, d_ff, L)`` of docs/theory.md §4's table that a run enumerates.

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
    return sizes if quick else [*sizes, (2, 3, 8, 1), (3, 2, 6, 1), (2, 2, 4, 2), (2, 4, 4, 2),
                                (2, 4, 4, 3)]


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
