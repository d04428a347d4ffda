"""Dual cross-check of one attention layer: pattern cells = upper vertices of a Minkowski sum.

For a single attention layer without FFN over all of R^d, the joint routing cells of the heads
are the normal cones of the upper vertices of the Minkowski sum of the heads' lifted Newton
polytopes ``conv{(a_j, β_j)}`` (docs/theory.md §3), and a vertex's label is the pattern of its cell.
Counting both ways is two independent computations of the same number.
"""

from __future__ import annotations

from polyexact.certificates.complex import CellComplex
from polyexact.errors import InternalCheckError
from polyexact.models import Model
from polyexact.tropical.minkowski import minkowski_sum

__all__ = ["check_dual", "dual_applies", "dual_labels"]


def dual_applies(model: Model) -> bool:
    """Whether the dual count applies: domain R^d, one layer with heads and no FFN.

    Examples
    --------
    >>> from polyexact.models.builders import construction
    >>> dual_applies(construction(1, 2, 2, 1))
    False
    """
    return (
        model.domain.kind == "all"
        and model.n_layers == 1
        and model.layers[0].ffn is None
        and len(model.layers[0].heads) > 0
    )


def dual_labels(model: Model) -> list[tuple[int, ...]]:
    """Return the labels of the upper vertices of the sum of the heads' lifted Newton polytopes.

    Among equal lifts only the lowest index appears (docs/theory.md §5, rule 1), as in the primal
    enumeration.

    Raises
    ------
    ValueError
        If :func:`dual_applies` is false.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.models import Domain, Head, Layer, Model
    >>> one, zero = F(1), F(0)
    >>> head = Head(W_Q=((one, zero), (zero, one)), b_Q=(zero, zero),
    ...             keys=((one, zero), (zero, one), (zero, zero), (one, zero)),
    ...             values=((one,),) * 4, logit_bias=(zero,) * 4)
    >>> m = Model(2, (Layer((head,), W_O=((one,), (zero,))),), Domain("all", (), ()))
    >>> dual_labels(m)
    [(0,), (1,), (2,)]
    """
    if not dual_applies(model):
        raise ValueError("the dual count needs domain 'all' and one attention layer without FFN")
    heads = model.layers[0].heads
    total = minkowski_sum([list(h.sites) for h in heads], [list(h.heights) for h in heads],
                          upper=True)
    return list(total.labels)


def check_dual(complex_: CellComplex) -> int:
    """Recount ``complex_`` dually and return the count; raise if the two counts differ.

    The labels of the upper vertices must be exactly the routing patterns of the cells.

    Parameters
    ----------
    complex_ : CellComplex
        An enumerated complex of a model for which :func:`dual_applies` holds.

    Returns
    -------
    int
        The number of pattern cells, confirmed by the upper vertices of the lifted Minkowski sum.

    Raises
    ------
    InternalCheckError
        If the primal cells and the dual vertices disagree (a bug in one of them).
    ValueError
        If :func:`dual_applies` is false for the model.

    See Also
    --------
    dual_applies, polyexact.tropical.minkowski_sum

    Examples
    --------
    >>> from polyexact.cells import enumerate_cells
    >>> from polyexact.cells.dual import check_dual
    >>> from polyexact.models import model_from_data
    >>> m = model_from_data({"format": "polyexact.model/1", "d_model": 1, "layers": [{"heads": [
    ...     {"W_Q": [[1]], "keys": [[1], [-1], [0]], "values": [[0], [0], [0]],
    ...      "logit_bias": [0, 0, 1]}]}]})
    >>> check_dual(enumerate_cells(m))
    3
    """
    labels = dual_labels(complex_.model)
    primal = sorted(cell.pattern[0].keys for cell in complex_.cells)
    if primal != labels:
        raise InternalCheckError(
            f"primal enumeration found {len(primal)} pattern cells, the Minkowski sum has "
            f"{len(labels)} upper vertices (labels differ: "
            f"{sorted(set(primal) ^ set(labels))[:5]})"
        )
    return len(labels)
