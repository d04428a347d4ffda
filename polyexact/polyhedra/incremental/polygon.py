"""Exact convex polygons as vertex cycles with labelled edges: the 2-D fast path.

A polygon is a cycle of vertices ``v_0, ..., v_{n-1}`` and one label per edge: edge ``i`` runs
from ``v_i`` to ``v_{i+1}`` (indices mod n) and ``labels[i]`` names the row it lies on. Vertices
are exact homogeneous integer triples ``(X, Y, W)`` with ``W > 0`` and ``gcd = 1`` (the point
``(X/W, Y/W)``), and rows are integer triples ``(p0, p1, q)`` for ``p0 x + p1 y <= q``, so a cut
costs a few integer products per vertex and no Fraction arithmetic. Cutting by a half-plane only
evaluates the row at the vertices and intersects the crossing edges: no LP and no redundancy
test is needed, since a row that is an edge of the result is a facet and every other row is
redundant. All signs are exact; no float is involved.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd, lcm

from polyexact.errors import InternalCheckError
from polyexact.numbers import Vector

__all__ = ["IntRow", "Point", "Polygon", "centroid", "cut_polygon", "edge_span", "int_row",
           "polygon_area", "polygon_from_rows", "to_fractions"]

#: An exact point ``(X, Y, W)``: ``(X/W, Y/W)`` with ``W > 0``.
Point = tuple[int, int, int]
#: A row ``p0 x + p1 y <= q`` as ``(p0, p1, q)``, integers.
IntRow = tuple[int, int, int]
#: ``(vertices, labels)``: vertex cycle and the label of the row under each edge.
Polygon = tuple[tuple[Point, ...], tuple[int, ...]]


def int_row(a: Sequence[Fraction], beta: Fraction) -> IntRow:
    """Return ``a·x <= beta`` as a primitive integer row (a positive multiple).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> int_row((F(1, 2), F(-1, 3)), F(1))
    (3, -2, 6)
    """
    den = lcm(a[0].denominator, a[1].denominator, beta.denominator)
    p0, p1, q = int(a[0] * den), int(a[1] * den), int(beta * den)
    g = gcd(p0, p1, q) or 1
    return p0 // g, p1 // g, q // g


def cut_polygon(poly: Polygon, row: IntRow, label: int) -> Polygon | None:
    """Return ``poly ∩ {p0 x + p1 y <= q}``, or ``None`` if that has empty interior.

    The new row's edge (if any) is labelled ``label``. When the half-plane contains the whole
    polygon, the polygon is returned unchanged (the new row is redundant).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> sq = polygon_from_rows([(F(1), F(0)), (F(-1), F(0)), (F(0), F(1)), (F(0), F(-1))],
    ...                        [F(1), F(0), F(1), F(0)])
    >>> tri = cut_polygon(sq, (1, 1, 1), 9)
    >>> polygon_area(tri), sorted(tri[1])
    (Fraction(1, 2), [1, 3, 9])
    >>> cut_polygon(sq, (1, 0, 0), 9) is None
    True
    """
    verts, labels = poly
    p0, p1, q = row
    # slack scaled by each vertex's W > 0: same sign as the true slack
    slack = [q * w - p0 * x - p1 * y for x, y, w in verts]
    if min(slack) >= 0:
        return poly
    if max(slack) <= 0:
        return None
    n = len(verts)
    out_v: list[Point] = []
    out_l: list[int] = []
    for i in range(n):
        j = i + 1 if i + 1 < n else 0
        sc, sn = slack[i], slack[j]
        if sc >= 0:
            out_v.append(verts[i])
            # a vertex on the line where the polygon leaves the half-plane: the new edge starts
            out_l.append(label if sc == 0 and sn < 0 else labels[i])
            if sc > 0 and sn < 0:
                out_v.append(_cross(verts[i], verts[j], sc, sn))
                out_l.append(label)
        elif sn > 0:
            out_v.append(_cross(verts[i], verts[j], sc, sn))
            out_l.append(labels[i])
    return tuple(out_v), tuple(out_l)


def _cross(u: Point, v: Point, su: int, sv: int) -> Point:
    """The point of segment ``uv`` with zero slack (``su``, ``sv`` of opposite signs)."""
    # with s the true slack, the point is (s(u) v − s(v) u) / (s(u) − s(v)); su = W_u s(u)
    x = su * v[0] - sv * u[0]
    y = su * v[1] - sv * u[1]
    w = su * v[2] - sv * u[2]
    if w < 0:
        x, y, w = -x, -y, -w
    g = gcd(x, y, w)
    return x // g, y // g, w // g


def _point(x: Fraction, y: Fraction) -> Point:
    w = lcm(x.denominator, y.denominator)
    return int(x * w), int(y * w), w


def to_fractions(p: Point) -> Vector:
    """The point as exact Fractions.

    Parameters
    ----------
    p : Point
        A homogeneous integer triple ``(X, Y, W)`` with ``W > 0``.

    Returns
    -------
    Vector
        ``(X/W, Y/W)``.

    Examples
    --------
    >>> from polyexact.polyhedra.incremental.polygon import to_fractions
    >>> to_fractions((1, -4, 6))
    (Fraction(1, 6), Fraction(-2, 3))
    """
    return Fraction(p[0], p[2]), Fraction(p[1], p[2])


def polygon_from_rows(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction],
                      bounds: Sequence[tuple[Fraction, Fraction]] | None = None
                      ) -> Polygon | None:
    """Return the polygon ``{A x <= b}`` (row ``i`` labelled ``i``), or ``None`` if it is thin.

    ``bounds`` is a box ``[(lo, hi), (lo, hi)]`` known to contain the polygon strictly inside;
    without it one is computed exactly from the vertices (cddlib). The polygon must be bounded.

    Raises
    ------
    InternalCheckError
        If the polygon is unbounded or sticks out of ``bounds``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> p = polygon_from_rows([(F(-1), F(0)), (F(0), F(-1)), (F(1), F(1))], [F(0), F(0), F(2)])
    >>> polygon_area(p), centroid(p)
    (Fraction(2, 1), (Fraction(2, 3), Fraction(2, 3)))
    """
    if bounds is None:
        from polyexact.polyhedra.hpolyhedron import HPolyhedron

        poly = HPolyhedron(tuple(tuple(r) for r in A), tuple(b), 2)
        if not poly.is_bounded:
            raise InternalCheckError("polygon_from_rows needs a bounded polygon")
        pts = poly.vertices
        if not pts:
            return None
        bounds = [(min(p[k] for p in pts) - 1, max(p[k] for p in pts) + 1) for k in (0, 1)]
    (x0, x1), (y0, y1) = bounds
    box = (_point(x0, y0), _point(x1, y0), _point(x1, y1), _point(x0, y1))
    current: Polygon | None = (box, (-1, -2, -3, -4))
    for i, (row, beta) in enumerate(zip(A, b, strict=True)):
        if current is None:
            return None
        current = cut_polygon(current, int_row(row, beta), i)
    if current is not None and min(current[1]) < 0:
        raise InternalCheckError("the polygon is not inside the given bounds")
    return current


def polygon_area(poly: Polygon) -> Fraction:
    """Exact area (shoelace formula).

    Parameters
    ----------
    poly : Polygon
        A ``(vertices, labels)`` pair; the vertex cycle may run in either orientation.

    Returns
    -------
    Fraction
        The area, non-negative.

    See Also
    --------
    centroid, polygon_from_rows

    Examples
    --------
    >>> from polyexact.polyhedra.incremental.polygon import polygon_area
    >>> polygon_area((((0, 0, 1), (1, 0, 1), (0, 1, 2)), (0, 1, 2)))
    Fraction(1, 4)
    """
    verts = poly[0]
    n = len(verts)
    twice = Fraction(0)
    for i in range(n):
        (x, y, w), (u, v, z) = verts[i], verts[(i + 1) % n]
        twice += Fraction(x * v - u * y, w * z)
    return abs(twice) / 2


def centroid(poly: Polygon) -> Vector:
    """The average of the vertices: an interior point of a polygon with non-empty interior.

    Parameters
    ----------
    poly : Polygon
        A ``(vertices, labels)`` pair with at least one vertex.

    Returns
    -------
    Vector
        The vertex average, exact (not the area centroid).

    See Also
    --------
    polygon_area

    Examples
    --------
    >>> from polyexact.polyhedra.incremental.polygon import centroid
    >>> centroid((((0, 0, 1), (1, 0, 1), (0, 1, 1)), (0, 1, 2)))
    (Fraction(1, 3), Fraction(1, 3))
    """
    verts = poly[0]
    w = lcm(*(v[2] for v in verts))
    n = len(verts) * w
    return (Fraction(sum(v[0] * (w // v[2]) for v in verts), n),
            Fraction(sum(v[1] * (w // v[2]) for v in verts), n))


def edge_span(poly: Polygon, edge: int, coordinate: int) -> tuple[Fraction, Fraction]:
    """``(min, max)`` of one coordinate over edge ``edge`` (from ``v_edge`` to the next vertex).

    Examples
    --------
    >>> edge_span((((0, 0, 1), (2, 1, 1), (0, 1, 1)), (0, 1, 2)), 0, 0)
    (Fraction(0, 1), Fraction(2, 1))
    """
    verts = poly[0]
    p, r = verts[edge], verts[(edge + 1) % len(verts)]
    u, v = Fraction(p[coordinate], p[2]), Fraction(r[coordinate], r[2])
    return (u, v) if u <= v else (v, u)
