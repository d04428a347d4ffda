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

__all__ = ["construction_sizes", "count_model", "sweep_counts"]


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
    from polyexact.lab import closed_form
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
            "formula_2wN_pow_dL": closed_form("construction", {"d": d, "N": n, "d_ff": d_ff,
                                                               "L": L}),
            "paper_formula": (Fraction(n) ** d * Fraction(d_ff, 2 * d) ** d) ** L,
            "bias_free_pattern_cells": free_cells, "bias_free_linear_regions": free_regions,
        })
    return tuple(rows)


def _fig6a_grid(seeds: list[int], *, query_bias: bool = True) -> dict[str, Any]:
    """The random models of Fig. 6(a) as a ``polyexact.sweep/1`` spec (seeds vary fastest)."""
    # the paper leaves H, d_ff, scale and box unreported; these are ours, stated in the evidence
    return {"format": "polyexact.sweep/1", "builder": "random_model",
            "grid": {"d": [2], "n_layers": [1, 2], "heads": [2], "n_keys": [2, 3, 4, 5],
                     "d_k": [2], "d_v": [1], "d_ff": [4], "denominator": [16],
                     "query_bias": [query_bias], "seed": seeds}}


def sweep_counts(spec: dict[str, Any]) -> dict[int, dict[int, list[tuple[int, int]]]]:
    """``{n_layers: {n_keys: [(pattern cells, linear regions) per seed]}}`` of a sweep spec.

    The points are counted by :func:`polyexact.lab.run_sweep` (in this process, in memory).

    Examples
    --------
    >>> from polyexact.claims._depth import _fig6a_grid, sweep_counts
    >>> spec = _fig6a_grid([0, 1])
    >>> spec["grid"].update(n_layers=[1], n_keys=[2])
    >>> sweep_counts(spec)
    {1: {2: [(10, 10), (9, 9)]}}
    """
    from polyexact.lab import run_sweep, sweep_spec_from_data

    out: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for row in run_sweep(sweep_spec_from_data(spec), None, jobs=1, verify=False):
        p = row["params"]
        out.setdefault(p["n_layers"], {}).setdefault(p["n_keys"], []).append(
            (row["pattern_cells"], row["linear_regions"]))
    return out


@functools.cache
def _fig6a_counts(quick: bool) -> dict[int, dict[int, list[tuple[int, int]]]]:
    return sweep_counts(_fig6a_grid(list(range(3) if quick else range(8))))


_FIG6A_SETUP = ("d = 2, H = 2 heads, d_k = 2, d_v = 1, d_ff = 4, query bias on, residual on, "
                "weights uniform on the grid (1/16)Z ∩ [−1, 1], domain [−1, 1]^2")
