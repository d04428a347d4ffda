"""Exact facet tests: the relative interior of a polyhedron's slice by a hyperplane.

Two independent ways, both exact:

* from the H-representation alone (:func:`relative_interior_point`): the slice
  ``{A x <= b} ∩ {⟨n, x⟩ = c}`` has dimension ``d - 1`` exactly when, after substituting one
  coordinate out, the remaining rows have a point with positive slack in ``R^{d-1}`` (one LP;
  rows parallel to the hyperplane become constant and are decided exactly). That point, lifted
  back, lies in the slice's relative interior.
* from a V-representation already at hand (:func:`facet_masks`, no LP, no rank):
  the face of a row is spanned by the generators tight on it, and it is a facet iff it is not
  empty and its tight generators are not a strict subset of another row's (facets are the
  maximal proper faces); a strictly positive combination of them lies in its relative
  interior (:func:`face_point`).
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
    "face_point",
    "facet_masks",
    "relative_interior_point",
    "tight_mask",
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


def tight_mask(row: Sequence[int], points: Sequence[HomogeneousPoint],
               rays: Sequence[Sequence[int]] = ()) -> int:
    """The generators on which the row ``⟨a, x⟩ <= q`` is tight, as a bit mask: bit ``k`` for
    ``points[k]`` (``⟨a, X⟩ = q W``), bit ``len(points) + k`` for ``rays[k]`` (``⟨a, r⟩ = 0``).

    Examples
    --------
    >>> square = [((0, 0), 1), ((1, 0), 1), ((0, 1), 1), ((1, 1), 1)]
    >>> bin(tight_mask((1, 0, 1), square)), bin(tight_mask((0, -1, 0), [((0, 0), 1)], [(1, 0)]))
    ('0b1010', '0b11')
    """
    a, q = row[:-1], row[-1]
    mask = 0
    for k, (X, W) in enumerate(points):
        if sum(map(mul, a, X)) == q * W:
            mask |= 1 << k
    shift = len(points)
    for k, r in enumerate(rays):
        if sum(map(mul, a, r)) == 0:
            mask |= 1 << (shift + k)
    return mask


def facet_masks(rows: Sequence[Sequence[int]], points: Sequence[HomogeneousPoint],
                rays: Sequence[Sequence[int]] = ()) -> list[int | None]:
    """Per row, the :func:`tight_mask` of its facet, or ``None`` if the row is no facet.

    ``P = conv(points) + cone(rays) + span(lines)`` must be the full-dimensional polyhedron
    ``{x : ⟨a, x⟩ <= q for every row (a, q)}`` (its V-representation, e.g. from cddlib, with
    at least one point per minimal face), and no row may hold with equality on all of ``P``.
    The face of a row is then ``conv(tight points) + cone(tight rays) + span(lines)`` (the
    lines lie in every face and decide nothing), and distinct faces have distinct sets of
    tight generators, nested as the faces are. Every facet of ``P`` is the face of some row
    (the rows define ``P``), and every other proper face lies in a facet. So a row's face is a
    facet iff it contains a point (it is not empty) and its set of tight generators is not a
    strict subset of another row's: a subset test on bit masks, no rank.

    Parameters
    ----------
    rows : sequence of integer tuples ``(a_1, ..., a_d, q)``
        The rows ``⟨a, x⟩ <= q``; each ``a`` non-zero.
    points : sequence of HomogeneousPoint
        The points ``X / W`` (``W > 0``) of the V-representation.
    rays : sequence of integer vectors
        Its rays (any positive scaling).

    Raises
    ------
    ValueError
        If a row's ``a`` is zero.

    Examples
    --------
    The unit square with a redundant row ``x + y <= 2`` touching it at the vertex ``(1, 1)``:

    >>> square = [((0, 0), 1), ((1, 0), 1), ((0, 1), 1), ((1, 1), 1)]
    >>> [m if m is None else bin(m) for m in facet_masks([(1, 0, 1), (0, -1, 0), (1, 1, 2)],
    ...                                                  square)]
    ['0b1010', '0b11', None]

    The half-plane ``y >= 0`` (a line along ``x``) and a row tight only at infinity, ``-y <= 1``:

    >>> facet_masks([(0, -1, 0), (0, -1, 1)], [((0, 0), 1)])
    [1, None]
    """
    if any(not any(row[:-1]) for row in rows):
        raise ValueError("a row's normal must be non-zero")
    masks = [tight_mask(row, points, rays) for row in rows]
    distinct = set(masks)
    point_bits = (1 << len(points)) - 1
    # an empty face (no tight point), or one strictly inside another row's face: no facet
    return [None if not mask & point_bits or any(mask & m == mask and m != mask
                                                 for m in distinct) else mask
            for mask in masks]


def face_point(mask: int, points: Sequence[HomogeneousPoint],
               rays: Sequence[Sequence[int]] = ()) -> HomogeneousPoint:
    """A point in the relative interior of the face with :func:`tight_mask` ``mask``: the
    average of its points plus the sum of its rays, a strictly positive combination of all
    its generators; in lowest terms. The mask must include a point.

    Examples
    --------
    >>> face_point(0b1010, [((0, 0), 1), ((1, 0), 1), ((0, 1), 1), ((1, 1), 1)])
    ((2, 1), 2)
    """
    tight = [p for k, p in enumerate(points) if mask >> k & 1]
    along = [r for k, r in enumerate(rays) if mask >> (len(points) + k) & 1]
    d = len(tight[0][0])
    k, big = len(tight), lcm(*(W for _, W in tight))
    num = [k * big * sum(r[m] for r in along) for m in range(d)]
    for X, W in tight:
        f = big // W
        num = [n + f * x for n, x in zip(num, X, strict=True)]
    den = k * big
    g = gcd(den, *num)
    return tuple(n // g for n in num), den // g
