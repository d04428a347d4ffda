"""Vertices of a bounded polygon ``{x ∈ R^2 : A x <= b}``, exactly, in integers.

The verifier's own 2-D geometry (no cddlib call, no enumerator kernel): a vertex of a polygon
is the intersection of two linearly independent rows tight at it, so the vertices are the
pairwise intersections (Cramer's rule, in integers) that satisfy every row. That set is the
polygon's V-representation only when the polygon is bounded, which is decided first, also in
integers: a non-empty ``{A x <= b}`` is bounded iff its recession cone ``{A r <= 0}`` is
``{0}``, and a non-zero cone in the plane other than the plane itself contains a direction
along one of its rows' lines (an extreme ray, or its lineality line, lies on some ``a_i^⊥``),
so it suffices to try ``±(-a_2, a_1)`` for every row ``a``.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import gcd

__all__ = ["facet_ends", "polygon_vertices"]


def polygon_vertices(rows: Sequence[Sequence[int]]) -> list[tuple[tuple[int, ...], int]] | None:
    """The vertices ``(X, W)`` (``x = X / W``, ``W > 0``, lowest terms) of a bounded polygon.

    ``rows`` are integer tuples ``(a_1, a_2, q)`` for ``a_1 x_1 + a_2 x_2 <= q``, each ``a``
    non-zero, describing a non-empty polygon. Returns ``None`` when it is unbounded (then the
    caller needs rays: a general V-representation). Each vertex is listed once.

    Examples
    --------
    The unit square with a redundant row ``x + y <= 2`` through its corner ``(1, 1)``:

    >>> sq = [(1, 0, 1), (-1, 0, 0), (0, 1, 1), (0, -1, 0), (1, 1, 2)]
    >>> sorted(polygon_vertices(sq))
    [((0, 0), 1), ((0, 1), 1), ((1, 0), 1), ((1, 1), 1)]
    >>> polygon_vertices([(1, 0, 1), (-1, 0, 0), (0, 1, 1)]) is None
    True
    >>> polygon_vertices([(2, 1, 1), (-1, 0, 0), (0, -1, 0)])
    [((0, 1), 1), ((1, 0), 2), ((0, 0), 1)]
    """
    for a1, a2, _ in rows:
        for r1, r2 in ((-a2, a1), (a2, -a1)):
            if all(p1 * r1 + p2 * r2 <= 0 for p1, p2, _ in rows):
                return None
    out: list[tuple[tuple[int, ...], int]] = []
    seen: set[tuple[int, int, int]] = set()
    n = len(rows)
    for i in range(n):
        a1, a2, q = rows[i]
        for j in range(i + 1, n):
            b1, b2, t = rows[j]
            det = a1 * b2 - a2 * b1
            if det == 0:
                continue
            # Cramer: x = (q b2 - t a2) / det, y = (a1 t - b1 q) / det
            X, Y = q * b2 - t * a2, a1 * t - b1 * q
            if det < 0:
                X, Y, det = -X, -Y, -det
            g = gcd(X, Y, det)
            key = (X // g, Y // g, det // g)
            if key in seen:
                continue
            X, Y, W = key
            if all(p1 * X + p2 * Y <= s * W for p1, p2, s in rows):
                seen.add(key)
                out.append(((X, Y), W))
    return out


def facet_ends(rows: Sequence[Sequence[int]], vertices: Sequence[tuple[tuple[int, ...], int]]
               ) -> list[tuple[tuple[tuple[int, ...], int], ...] | None]:
    """Per row, the two vertices of the polygon on its line if the row is a facet, else ``None``.

    ``vertices`` are those of :func:`polygon_vertices` for the same (bounded) ``rows``: the
    polygon's extreme points, each once in lowest terms. A row's face is the convex hull of the
    vertices on its line; it is an edge (a facet) iff there are two of them (distinct extreme
    points; a line meets a convex polygon's extreme points at most twice).

    Examples
    --------
    >>> sq = [(1, 0, 1), (-1, 0, 0), (0, 1, 1), (0, -1, 0), (1, 1, 2)]
    >>> facet_ends(sq, polygon_vertices(sq))[::4]
    [(((1, 1), 1), ((1, 0), 1)), None]
    """
    out: list[tuple[tuple[tuple[int, ...], int], ...] | None] = []
    for a1, a2, q in rows:
        tight = tuple(v for v in vertices if a1 * v[0][0] + a2 * v[0][1] == q * v[1])
        out.append(tight if len(tight) >= 2 else None)
    return out
