"""Whether two polyhedra's facets on one hyperplane overlap, from their double descriptions.

Used to carry adjacency through a split: two cells on opposite sides of a hyperplane are
adjacent iff their facets on it share a (d−1)-dimensional part. Decided from the generators
and rows, without an LP, whenever the facets have dimension <= 2 (see :func:`facets_overlap`).
"""

from __future__ import annotations

from math import lcm
from operator import mul

from polyexact.polyhedra.incremental.double_description import DDPolyhedron, IntVec

__all__ = ["facets_overlap"]


def facets_overlap(c: DDPolyhedron, i: int, e: DDPolyhedron, j: int) -> bool | None:
    """Whether facet ``i`` of ``c`` and facet ``j`` of ``e`` (same hyperplane) share a (d−1)-set.

    ``None`` means undecided (only possible for ``d >= 4``): ask an LP.

    The facets' relative interiors are disjoint iff some row of one polyhedron has the other
    facet entirely on its far side (slack <= 0 at every point, 0 on every line): for facets of
    dimension <= 2, the Minkowski difference of the two facets has only edge normals of either
    one as facet normals, so a separating line can be taken along an edge. For ``d >= 4`` a
    relative-interior point of one facet strictly inside the other's rows still proves overlap.

    Examples
    --------
    Two unit squares side by side share the segment ``x = 1, 0 <= y <= 1``:

    >>> from polyexact.polyhedra.incremental.double_description import DDPolyhedron
    >>> from polyexact.polyhedra.incremental.facet_overlap import facets_overlap
    >>> from fractions import Fraction as F
    >>> def box(x0, x1, y0, y1):
    ...     return DDPolyhedron.from_rows([(F(1), F(0)), (F(-1), F(0)), (F(0), F(1)),
    ...                                    (F(0), F(-1))], [F(x1), F(-x0), F(y1), F(-y0)])[0]
    >>> facets_overlap(box(0, 1, 0, 1), 0, box(1, 2, 0, 1), 1)
    True
    >>> facets_overlap(box(0, 1, 0, 1), 0, box(1, 2, 1, 2), 1)
    False
    """
    # the usual cases first: both were cut last by one hyperplane, on opposite sides (it meets
    # the shared hyperplane in a (d−2)-set); the row of the latest cut separates; or the facets
    # are equal (pointed: minimal generators are unique, so equal sets mean equal facets)
    last_c, last_e = c.slacks[c.slots[-1]], e.slacks[e.slots[-1]]
    if i != len(c.slots) - 1 and all(x == -y for x, y in zip(last_c, last_e, strict=True)):
        return False
    fc, lc = c.facet_generators(i)
    fe, le = e.facet_generators(j)
    if _separates(e, j, fc, lc, newest=True) or _separates(c, i, fe, le, newest=True):
        return False
    if not lc and not le and set(fc) == set(fe):
        return True
    if _separates(e, j, fc, lc) or _separates(c, i, fe, le):
        return False
    if c.d <= 3:
        return True
    for poly, skip, gens in ((e, j, fc), (c, i, fe)):
        centre = _relint(gens)
        rows = [poly.slacks[s] for k, s in enumerate(poly.slots) if k != skip]
        if all(sum(map(mul, row, centre)) > 0 for row in rows):
            return True
    return None


def _separates(poly: DDPolyhedron, skip: int, points: list[IntVec],
               lines: tuple[IntVec, ...], newest: bool = False) -> bool:
    """Whether a row of ``poly`` other than ``skip`` has every point and line on its far side."""
    last = len(poly.slots) - 1
    for k in (last,) if newest else range(last - 1, -1, -1):
        if k == skip:
            continue
        s = poly.slacks[poly.slots[k]]
        if all(sum(map(mul, s, p)) <= 0 for p in points) and not any(
                sum(map(mul, s, x)) for x in lines):
            return True
    return False


def _relint(points: list[IntVec]) -> IntVec:
    # homogeneous, strictly positive combination of all the points (vertex weights 1/t)
    w = lcm(*(p[-1] for p in points if p[-1] > 0))
    return tuple(sum(p[k] * (w // p[-1] if p[-1] else w) for p in points)
                 for k in range(len(points[0])))
