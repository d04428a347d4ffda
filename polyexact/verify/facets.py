"""Exact facet tests: the relative interior of a polyhedron's slice by a hyperplane.

Two independent ways, both exact:

* from the H-representation alone (:func:`relative_interior_point`): the slice
  ``{A x <= b} ∩ {⟨n, x⟩ = c}`` has dimension ``d - 1`` exactly when, after substituting one
  coordinate out, the remaining rows have a point with positive slack in ``R^{d-1}`` (one LP;
  rows parallel to the hyperplane become constant and are decided exactly). That point, lifted
  back, lies in the slice's relative interior.
* from a V-representation already at hand (:func:`facet_interior_points`, no LP): the face of a
  row is spanned by the generators tight on it, so it is a facet iff their homogenisations
  ``(x, 1)``, ``(r, 0)``, ``(l, 0)`` span a space of dimension ``d`` (:func:`integer_rank`, in
  integers); a strictly positive combination of all of them lies in its relative interior.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd, lcm
from operator import mul

from polyexact.numbers import Vector, dot
from polyexact.polyhedra import interior_point

__all__ = [
    "HomogeneousPoint",
    "facet_interior_points",
    "integer_rank",
    "relative_interior_point",
]

#: A rational point ``X / W`` as integers ``(X, W)`` with ``W > 0``.
HomogeneousPoint = tuple[tuple[int, ...], int]


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
    >>> from polyexact.verify.facets import relative_interior_point
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


def integer_rank(rows: Sequence[Sequence[int]]) -> int:
    """The rank of an integer matrix, by fraction-free (Bareiss) elimination.

    Every intermediate entry is a minor of the input, so the divisions are exact and the
    numbers stay as small as those minors (no Fractions, no gcds).

    Examples
    --------
    >>> from polyexact.verify.facets import integer_rank
    >>> integer_rank([(1, 2, 3), (2, 4, 6), (0, 1, 1)])
    2
    >>> integer_rank([(0, 0), (0, 0)]), integer_rank([])
    (0, 0)
    """
    m = [list(r) for r in rows if any(r)]
    if not m:
        return 0
    rank, prev = 0, 1
    for c in range(len(m[0])):
        pivot = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        top = m[rank]
        p = top[c]
        for i in range(rank + 1, len(m)):
            row, f = m[i], m[i][c]
            # Sylvester's identity: the division by the previous pivot is exact
            m[i] = [(p * x - f * y) // prev for x, y in zip(row, top, strict=True)]
        prev = p
        rank += 1
        if rank == len(m):
            break
    return rank


def facet_interior_points(
    rows: Sequence[Sequence[int]], points: Sequence[HomogeneousPoint],
    rays: Sequence[Sequence[int]] = (), lines: Sequence[Sequence[int]] = (),
) -> list[HomogeneousPoint | None]:
    """Per row, a relative-interior point of its facet, or ``None`` if the row is no facet.

    ``P = conv(points) + cone(rays) + span(lines)`` must be the polyhedron ``{x : ⟨a, x⟩ <= q
    for every row (a, q)}`` (its V-representation, e.g. from cddlib, with at least one point
    per minimal face). The face of a row is then ``conv(tight points) + cone(tight rays) +
    span(lines)``; it is a facet iff the homogenised generators ``(X, W)``, ``(r, 0)``,
    ``(l, 0)`` span dimension ``d`` (they lie in the ``d``-space ``⟨a, X⟩ = q W``, and with no
    tight point they lie in ``a^⊥ × {0}`` of dimension ``d - 1``). The returned point is the
    average of the tight points plus the sum of the tight rays: a strictly positive combination
    of all the face's generators, hence in its relative interior.

    Parameters
    ----------
    rows : sequence of integer tuples ``(a_1, ..., a_d, q)``
        The rows ``⟨a, x⟩ <= q``; each ``a`` non-zero.
    points : sequence of HomogeneousPoint
        The points ``X / W`` (``W > 0``) of the V-representation.
    rays, lines : sequences of integer vectors
        Its rays and a basis of its lineality space (any positive scaling).

    Returns
    -------
    list of HomogeneousPoint or None
        In the order of ``rows``; points in lowest terms.

    Raises
    ------
    ValueError
        If a row's ``a`` is zero.

    Examples
    --------
    The unit square with a redundant row ``x + y <= 2`` touching it at the vertex ``(1, 1)``:

    >>> from polyexact.verify.facets import facet_interior_points
    >>> square = [((0, 0), 1), ((1, 0), 1), ((0, 1), 1), ((1, 1), 1)]
    >>> facet_interior_points([(1, 0, 1), (0, -1, 0), (1, 1, 2)], square)
    [((2, 1), 2), ((1, 0), 2), None]

    The half-plane ``y >= 0`` (line ``(1, 0)``) and a row tight only at infinity, ``-y <= 1``:

    >>> facet_interior_points([(0, -1, 0), (0, -1, 1)], [((0, 0), 1)], lines=[(1, 0)])
    [((0, 0), 1), None]
    """
    out: list[HomogeneousPoint | None] = []
    for row in rows:
        a, q = row[:-1], row[-1]
        if not any(a):
            raise ValueError("a row's normal must be non-zero")
        tight = [(X, W) for X, W in points
                 if sum(map(mul, a, X)) == q * W]
        if not tight:
            out.append(None)  # the face is empty (the row may still be tight at infinity)
            continue
        along = [r for r in rays if sum(map(mul, a, r)) == 0]
        gens = ([(*X, W) for X, W in tight] + [(*r, 0) for r in along]
                + [(*ln, 0) for ln in lines])
        if integer_rank(gens) < len(a):
            out.append(None)
            continue
        # (1/k) Σ X_j / W_j + Σ r, over the common denominator k·L
        k, big = len(tight), lcm(*(W for _, W in tight))
        num = [k * big * sum(r[m] for r in along) for m in range(len(a))]
        for X, W in tight:
            f = big // W
            num = [n + f * x for n, x in zip(num, X, strict=True)]
        den = k * big
        g = gcd(den, *num)
        out.append((tuple(n // g for n in num), den // g))
    return out
