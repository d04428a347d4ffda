"""Exact facet tests: the relative interior of a polyhedron's slice by a hyperplane.

The slice ``{A x <= b} ∩ {⟨n, x⟩ = c}`` has dimension ``d - 1`` exactly when, after substituting
one coordinate out, the remaining rows have a point with positive slack in ``R^{d-1}`` (rows
parallel to the hyperplane become constant and are decided exactly). That point, lifted back,
lies in the slice's relative interior.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.numbers import Vector, dot
from polyexact.polyhedra import interior_point

__all__ = ["is_positive_multiple", "relative_interior_point"]


def relative_interior_point(
    A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], normal: Sequence[Fraction],
    offset: Fraction,
) -> Vector | None:
    """Return a point of the slice's relative interior if the slice has dimension ``d - 1``.

    Parameters
    ----------
    A, b : rows of ``A x <= b``
        The polyhedron (rows parallel to the hyperplane are allowed, e.g. the facet's own row).
    normal, offset : the hyperplane ``⟨normal, x⟩ = offset``
        ``normal`` must be non-zero.

    Returns
    -------
    Vector or None
        A point on the hyperplane with positive slack in every row not constant on it, or
        ``None`` when the slice is empty or has dimension below ``d - 1``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.facets import relative_interior_point
    >>> square = [(F(1), F(0)), (F(-1), F(0)), (F(0), F(1)), (F(0), F(-1))]
    >>> relative_interior_point(square, [F(1), F(0), F(1), F(0)], (F(1), F(0)), F(1))
    (Fraction(1, 1), Fraction(1, 2))
    >>> relative_interior_point(square, [F(1), F(0), F(1), F(0)], (F(1), F(1)), F(2)) is None
    True
    """
    d = len(normal)
    k = next((i for i, x in enumerate(normal) if x != 0), None)
    if k is None:
        raise ValueError("the hyperplane normal must be non-zero")
    # x_k = (offset - Σ_{m≠k} n_m x_m) / n_k: every row becomes a row in the other coordinates
    rows: list[Vector] = []
    rhs: list[Fraction] = []
    for a, beta in zip(A, b, strict=True):
        f = a[k] / normal[k]
        reduced = tuple(a[m] - f * normal[m] for m in range(d) if m != k)
        bound = beta - f * offset
        if not any(reduced):
            # parallel to the hyperplane: decided exactly, 0 <= bound
            if bound < 0:
                return None
            continue
        rows.append(reduced)
        rhs.append(bound)
    y = interior_point(rows, rhs, d - 1)
    if y is None:
        return None
    rest = iter(y)
    coords = [Fraction(0) if m == k else next(rest) for m in range(d)]
    coords[k] = (offset - dot(normal, coords)) / normal[k]
    return tuple(coords)


def is_positive_multiple(a: Sequence[Fraction], b: Fraction, c: Sequence[Fraction],
                         e: Fraction) -> bool:
    """Whether ``(a, b) = λ (c, e)`` for some ``λ > 0`` (``c`` non-zero), exactly.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.cells.facets import is_positive_multiple
    >>> is_positive_multiple((F(2), F(4)), F(6), (F(1), F(2)), F(3))
    True
    >>> is_positive_multiple((F(-1), F(-2)), F(-3), (F(1), F(2)), F(3))
    False
    """
    k = next((i for i, x in enumerate(c) if x != 0), None)
    if k is None or len(a) != len(c):
        return False
    lam = a[k] / c[k]
    return lam > 0 and all(x == lam * y for x, y in zip(a, c, strict=True)) and b == lam * e
