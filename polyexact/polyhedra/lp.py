"""Small exact LPs used by cell enumeration: irredundant rows and slack on a hyperplane."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.polyhedra import _cdd

__all__ = ["irredundant_row_indices", "max_slack_on_hyperplane"]

_ONE = Fraction(1)


def irredundant_row_indices(
    A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]
) -> list[int]:
    """Return the indices of the rows of ``A x <= b`` that are not implied by the others.

    Of several rows defining the same half-space only one is kept. For a full-dimensional
    polyhedron the kept rows are exactly its facets.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra.lp import irredundant_row_indices
    >>> irredundant_row_indices([(F(1),), (F(-1),), (F(1),)], [F(1), F(0), F(2)])
    [0, 1]
    """
    red = _cdd.redundant_rows(A, b)
    return [i for i in range(len(A)) if i not in red]


def max_slack_on_hyperplane(
    A: Sequence[Sequence[Fraction]],
    b: Sequence[Fraction],
    normal: Sequence[Fraction],
    offset: Fraction,
) -> Fraction:
    """Return ``max t`` over ``⟨normal, x⟩ = offset``, ``A x + t <= b``, ``t <= 1`` (exact).

    The result is positive exactly when the hyperplane meets ``{A x < b}``, i.e. when the
    closed polyhedron meets it in a set of dimension ``d - 1`` relatively open in the hyperplane
    (for rows not parallel to it). An infeasible system gives ``-1``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra.lp import max_slack_on_hyperplane
    >>> square = [(F(1), F(0)), (F(-1), F(0)), (F(0), F(1)), (F(0), F(-1))]
    >>> max_slack_on_hyperplane(square, [F(1), F(0), F(1), F(0)], (F(1), F(0)), F(1, 2))
    Fraction(1, 2)
    >>> max_slack_on_hyperplane(square, [F(1), F(0), F(1), F(0)], (F(1), F(1)), F(2))
    Fraction(0, 1)
    """
    dim = len(normal)
    rows = [(*a, _ONE) for a in A]
    rows.append((*([Fraction(0)] * dim), _ONE))
    rhs = [*b, _ONE]
    res = _cdd.lp_maximize(
        [Fraction(0)] * dim + [_ONE], rows, rhs, equalities=([(*normal, Fraction(0))], [offset])
    )
    if res.status != "optimal" or res.value is None:
        return -_ONE
    return res.value
