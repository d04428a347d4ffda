"""Exact volume of bounded H-polytopes in any dimension (Lasserre's recursion, projected).

For a full-dimensional polytope ``P = {x : A x <= b}`` and an interior point ``p``, the cones from
``p`` over the facets tile ``P``; the cone over facet ``F_i`` has volume
``(b_i - a_i·p) / ||a_i|| · vol_{d-1}(F_i) / d``. The norm is irrational, but projecting ``F_i``
along a coordinate ``k`` with ``a_ik != 0`` multiplies its volume by ``|a_ik| / ||a_i||``, so

    vol_d(P) = (1/d) · sum_i (b_i - a_i·p) / |a_ik| · vol_{d-1}(proj_k F_i),

which is exact: ``proj_k F_i`` is again an H-polytope (substitute ``x_k`` out of every row).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.errors import DomainError
from polyexact.numbers import Vector, dot
from polyexact.polyhedra import _cdd
from polyexact.polyhedra.hpolyhedron import HPolyhedron, interior_point

__all__ = ["volume", "volume_of_inequalities"]

_ZERO = Fraction(0)

Row = tuple[Vector, Fraction]


def volume(poly: HPolyhedron) -> Fraction:
    r"""Return the exact d-dimensional volume of a bounded polyhedron.

    Definition: the Lebesgue measure of $\{x \in \mathbb{R}^d : A x \le b\}$; it is 0 for empty
    and lower-dimensional polytopes.

    Parameters
    ----------
    poly : HPolyhedron
        A bounded polyhedron (redundant and duplicate rows are allowed).

    Returns
    -------
    Fraction
        The exact volume.

    Raises
    ------
    DomainError
        If the polyhedron is full-dimensional and unbounded (infinite volume); a non-empty
        unbounded face of a lower-dimensional polyhedron may also be reported.

    Notes
    -----
    Lasserre's recursion over facets with exact projection (module docstring). Cost: one exact LP
    per face visited; the recursion visits every flag of faces of dimension >= 1, so it suits the
    small dimensions (d <= 5 or so) polyexact works in. Lower-dimensional faces are recognised by
    an empty interior and contribute nothing.

    Examples
    --------
    >>> from polyexact.polyhedra import polyhedron_from_inequalities, volume
    >>> triangle = polyhedron_from_inequalities([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    >>> volume(triangle)
    Fraction(1, 2)
    >>> box = polyhedron_from_inequalities([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0],
    ...                                     [0, 0, 1], [0, 0, -1]], [2, 0, "1/3", 0, 3, 0])
    >>> volume(box)
    Fraction(2, 1)
    """
    if poly.ambient_dim == 0:
        return Fraction(1) if not poly.is_empty else _ZERO
    return volume_of_inequalities(poly.A, poly.b, poly.ambient_dim)


def volume_of_inequalities(
    A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], dim: int
) -> Fraction:
    """Exact volume of ``{x : A x <= b}`` in R^dim, assumed bounded (see :func:`volume`).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra.volume import volume_of_inequalities
    >>> volume_of_inequalities([(F(1),), (F(-1),)], [F(3), F(1)], 1)
    Fraction(4, 1)
    """
    rows = _clean([(tuple(a), bi) for a, bi in zip(A, b, strict=True)])
    if rows is None:
        return _ZERO
    return _volume(rows, dim)


def _clean(rows: Sequence[Row]) -> list[Row] | None:
    """Normalise rows, drop duplicates and trivial rows; ``None`` if a constant row is violated."""
    seen: dict[Row, None] = {}
    for a, bi in rows:
        pivot = next((x for x in a if x != 0), None)
        if pivot is None:
            if bi < 0:
                return None
            continue  # 0 <= b holds everywhere
        # positive scaling keeps the half-space; equal facets become equal rows
        scale = abs(pivot)
        seen[(tuple(x / scale for x in a), bi / scale)] = None
    return list(seen)


def _volume(rows: list[Row], dim: int) -> Fraction:
    # an unbounded full-dimensional polyhedron has an unbounded facet, so the recursion reaches
    # an unbounded interval (or no rows at all) and raises there: no double description needed
    if not rows:
        raise DomainError("the polyhedron is unbounded: its volume is infinite", field="poly")
    if dim == 1:
        return _interval_length(rows)
    A = [a for a, _ in rows]
    b = [bi for _, bi in rows]
    p = interior_point(A, b, dim)
    if p is None:
        return _ZERO
    # keep facets only: non-facet rows would each cost an LP just to find a zero volume
    redundant = _cdd.redundant_rows(A, b)
    rows = [r for i, r in enumerate(rows) if i not in redundant]
    total = _ZERO
    for i, (a, bi) in enumerate(rows):
        height = bi - dot(a, p)
        # project along the coordinate with the largest |a_ik| (fewer big denominators)
        k = max(range(dim), key=lambda c: abs(a[c]))
        facet = _project_facet(rows, i, k)
        if facet is None:
            continue
        total += height / abs(a[k]) * _volume(facet, dim - 1)
    return total / dim


def _project_facet(rows: list[Row], i: int, k: int) -> list[Row] | None:
    """Rows of ``proj_k({x in P : a_i x = b_i})`` in the coordinates other than ``k``."""
    a, bi = rows[i]
    out: list[Row] = []
    for j, (c, cj) in enumerate(rows):
        if j == i:
            continue
        # x_k = (b_i - sum_{m != k} a_m x_m) / a_k, substituted into c·x <= c_j
        f = c[k] / a[k]
        new_c = tuple(c[m] - f * a[m] for m in range(len(a)) if m != k)
        out.append((new_c, cj - f * bi))
    return _clean(out)


def _interval_length(rows: list[Row]) -> Fraction:
    lo: Fraction | None = None
    hi: Fraction | None = None
    for (a0,), bi in rows:
        bound = bi / a0
        if a0 > 0:
            hi = bound if hi is None else min(hi, bound)
        else:
            lo = bound if lo is None else max(lo, bound)
    if lo is None or hi is None:
        raise DomainError("the polyhedron is unbounded: its volume is infinite", field="poly")
    return max(hi - lo, _ZERO)
