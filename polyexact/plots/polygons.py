"""Exact 2-D polygons of cells, clipped to a common bounding box (layer 6, drawing support).

Unbounded cells cannot be drawn; they are cut by one box that contains every vertex and every
interior point of the partition (with a margin), so the picture shows all the bounded structure.
The cut is exact (the box's rows are added to the cell's inequalities and cdd lists the vertices);
floats appear only when the polygon is handed to matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from polyexact.errors import ShapeError
from polyexact.numbers import Matrix, Vector
from polyexact.polyhedra import HPolyhedron

__all__ = ["Box", "bounding_box", "box_rows", "clipped_vertices"]

Box = tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]
"""``((x_lo, x_hi), (y_lo, y_hi))``."""

_ONE = Fraction(1)


def bounding_box(
    polyhedra: Sequence[HPolyhedron],
    extra_points: Sequence[Vector] = (),
    *,
    margin: Fraction = Fraction(1, 4),
) -> Box:
    """Return a box containing every vertex of ``polyhedra`` and every point of ``extra_points``.

    Each side is widened by ``margin`` times the box's larger extent (or by 1 when every point is
    the same), so unbounded cells keep a visible piece beyond the last vertex.

    Raises
    ------
    ShapeError
        If a polyhedron or point is not 2-dimensional, or there is no point at all.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra import polyhedron_from_inequalities
    >>> quadrant = polyhedron_from_inequalities([[-1, 0], [0, -1]], [0, 0])
    >>> [[str(c) for c in side] for side in bounding_box([quadrant])]
    [['-1', '1'], ['-1', '1']]
    >>> [[str(c) for c in side] for side in bounding_box([], [(F(0), F(0)), (F(2), F(1))])]
    [['-1/2', '5/2'], ['-1/2', '3/2']]
    """
    points: list[Vector] = []
    for poly in polyhedra:
        if poly.ambient_dim != 2:
            raise ShapeError(f"expected a 2-D polyhedron, found dimension {poly.ambient_dim}")
        points.extend(poly.vertices)
        if not poly.vertices and all(c == 0 for c in poly.b):
            # cdd lists no point for a homogeneous system: its apex, the origin, is implied
            points.append((Fraction(0), Fraction(0)))
    for p in extra_points:
        if len(p) != 2:
            raise ShapeError(f"expected a 2-D point, found {len(p)} coordinates")
        points.append(tuple(p))
    if not points:
        raise ShapeError("nothing to bound: no vertex and no point")
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    pad = margin * extent if extent > 0 else _ONE
    return ((min(xs) - pad, max(xs) + pad), (min(ys) - pad, max(ys) + pad))


def box_rows(box: Box) -> tuple[Matrix, Vector]:
    """Return ``(A, b)`` with ``A x <= b`` the box.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> A, b = box_rows(((F(0), F(1)), (F(0), F(2))))
    >>> [str(c) for c in b]
    ['1', '0', '2', '0']
    """
    (x_lo, x_hi), (y_lo, y_hi) = box
    zero = Fraction(0)
    A = ((_ONE, zero), (-_ONE, zero), (zero, _ONE), (zero, -_ONE))
    return A, (x_hi, -x_lo, y_hi, -y_lo)


def clipped_vertices(poly: HPolyhedron, box: Box) -> list[Vector]:
    """Return the exact vertices of ``poly ∩ box`` (``poly`` itself when it is bounded).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from polyexact.polyhedra import polyhedron_from_inequalities
    >>> half_plane = polyhedron_from_inequalities([[1, 1]], [0])
    >>> sorted(tuple(map(str, v)) for v in clipped_vertices(half_plane, ((F(-1), F(1)),) * 2))
    [('-1', '-1'), ('-1', '1'), ('1', '-1')]
    """
    if poly.ambient_dim != 2:
        raise ShapeError(f"expected a 2-D polyhedron, found dimension {poly.ambient_dim}")
    if poly.is_bounded:
        return list(poly.vertices)
    A, b = box_rows(box)
    return list(HPolyhedron(poly.A + A, poly.b + b, 2).vertices)
